// Reading documentation comments out of the source around a declaration.
#include "compiler/lsp/docs.h"

#include <optional>
#include <vector>

#include "compiler/lsp/framing.h"

namespace tco::lsp {
namespace {

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
  std::string_view own = f.line_text(line);
  std::string_view after = own.substr(std::min<size_t>(decl.end - f.line_starts[line - 1], own.size()));
  if (auto t = trailing_comment(after); !t.empty()) doc += (doc.empty() ? "" : "\n\n") + std::string(t);
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

}  // namespace tco::lsp
