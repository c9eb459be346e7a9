// The compiler's diagnostics as LSP diagnostics, with another file's moved to its import line.
#include "compiler/lsp/publish.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "compiler/lsp/position.h"
#include "compiler/lsp/uri.h"

namespace tco::lsp {
namespace {

using json = nlohmann::json;

struct ImportLine {
  std::string module;
  uint32_t begin, end;  // the module name's bytes
};

// The document's `import` lines, read from its text: when an import fails to parse, the
// document has no AST to take them from.
std::vector<ImportLine> import_lines(const std::string& text) {
  std::vector<ImportLine> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string::npos ? text.size() : nl;
    size_t i = start;
    while (i < end && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (text.compare(i, 6, "import") == 0 && i + 6 < end && (text[i + 6] == ' ' || text[i + 6] == '\t')) {
      size_t b = i + 6;
      while (b < end && (text[b] == ' ' || text[b] == '\t')) ++b;
      size_t e = b;
      while (e < end && (std::isalnum(static_cast<unsigned char>(text[e])) || text[e] == '_')) ++e;
      if (e > b) out.push_back({text.substr(b, e - b), static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

json range_in(const SourceFile& f, Span s) {
  LineIndex idx(f.text);
  return range_json(idx.position(s.begin), idx.position(s.end));
}

json location(const SourceManager& sm, Span s) {
  const SourceFile& f = sm.file(s.file);
  return {{"uri", uri_from_path(f.path)}, {"range", range_in(f, s)}};
}

}  // namespace

json lsp_diagnostics(const Analysis& a, const std::string& text) {
  LineIndex doc(text);
  const auto imports = import_lines(text);
  std::vector<const Diagnostic*> list;
  for (const auto& d : a.diags.list()) list.push_back(&d);
  // The document's own first, in source order, as the CLI renders them.
  auto key = [&](const Diagnostic* d) {
    Span s = d->span();
    bool here = s.valid() && s.file == a.file;
    return std::tuple(!here, s.file, s.begin);
  };
  std::stable_sort(list.begin(), list.end(), [&](auto* x, auto* y) { return key(x) < key(y); });

  json out = json::array();
  for (const Diagnostic* d : list) {
    const auto& ki = info(d->kind);
    Span s = d->span();
    std::string message = d->message;
    json range;
    json related = json::array();
    if (s.valid() && s.file == a.file) {
      range = range_json(doc.position(s.begin), doc.position(s.end));
    } else if (s.valid()) {
      const SourceFile& f = a.sources.file(s.file);
      LineCol lc = f.line_col(s.begin);
      std::string stem = std::filesystem::path(f.path).stem().string();
      const ImportLine* at = nullptr;
      for (const auto& imp : imports)
        if (imp.module == stem) at = &imp;
      if (!at && !imports.empty()) at = &imports.front();
      range = at ? range_json(doc.position(at->begin), doc.position(at->end)) : range_json({0, 0}, {0, 0});
      message = fmt::format("in imported module `{}` ({}:{}:{}): {}", stem, f.path, lc.line, lc.col, message);
      related.push_back({{"location", location(a.sources, s)}, {"message", d->message}});
    } else {
      range = range_json({0, 0}, {0, 0});
    }
    for (const auto& l : d->labels)
      if (l.span.valid() && !l.text.empty()) related.push_back({{"location", location(a.sources, l.span)}, {"message", l.text}});
    for (const auto& n : d->notes) message += "\nnote: " + n;
    if (!d->hint.empty()) message += "\nhint: " + d->hint;
    json j = {{"range", range},
              {"severity", ki.severity == Severity::Error ? 1 : 2},
              {"code", ki.code},
              {"source", "tcoc"},
              {"message", message}};
    if (!related.empty()) j["relatedInformation"] = related;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace tco::lsp
