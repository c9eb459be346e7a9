// Reading documentation comments out of the source around a declaration.
#include "compiler/syntax/doc_comments.h"

#include <optional>
#include <vector>


namespace tco::syntax {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The text of a `//` comment line, or nothing when the line is not one.
std::optional<std::string_view> comment_text(std::string_view line) {
  line = trim(line);
  if (line.substr(0, 2) != "//") return std::nullopt;
  return trim(line.substr(2));
}

// A trailing `// ...` after code on the line; a `//` inside a string literal is not one.
std::string_view trailing_comment(std::string_view line) {
  bool in_string = false;
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == '"') in_string = !in_string;
    if (!in_string && line[i] == '/' && line[i + 1] == '/') return trim(line.substr(i + 2));
  }
  return {};
}

std::string join(const std::vector<std::string_view>& lines) {
  std::string out;
  for (const auto& l : lines) {
    // Markdown joins lines of a paragraph; an empty comment line starts a new one.
    if (!out.empty()) out += l.empty() ? "\n\n" : (out.back() == '\n' ? "" : "\n");
    out += l;
  }
  return out;
}

}  // namespace

std::string line_comment(const SourceManager& sm, Span decl) {
  if (!decl.valid()) return {};
  const SourceFile& f = sm.file(decl.file);
  uint32_t line = f.line_col(decl.begin).line;
  std::string_view own = f.line_text(line);
  return std::string(trailing_comment(own.substr(std::min<size_t>(decl.end - f.line_starts[line - 1], own.size()))));
}

std::string doc_comment(const SourceManager& sm, Span decl) {
  if (!decl.valid()) return {};
  const SourceFile& f = sm.file(decl.file);
  uint32_t line = f.line_col(decl.begin).line;
  std::vector<std::string_view> above;
  for (uint32_t l = line - 1; l >= 1; --l) {
    auto c = comment_text(f.line_text(l));
    if (!c) break;
    above.insert(above.begin(), *c);
  }
  std::string doc = join(above);
  if (std::string t = line_comment(sm, decl); !t.empty()) doc += (doc.empty() ? "" : "\n\n") + t;
  return doc;
}

std::string file_comment(const SourceFile& f) {
  std::vector<std::string_view> lines;
  for (uint32_t l = 1; l <= f.line_starts.size(); ++l) {
    auto c = comment_text(f.line_text(l));
    // Its first paragraph: module headers go on to conventions a hover has no room for.
    if (!c || (c->empty() && !lines.empty())) break;
    lines.push_back(*c);
  }
  return join(lines);
}

}  // namespace tco::syntax
