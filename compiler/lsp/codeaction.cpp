// `textDocument/codeAction`: the quick fixes the compiler's diagnostics carry (`Fix`: a
// misspelt name replaced, a missing import added, a value converted as E0204's hint says),
// for the diagnostics of the document that touch the requested range.
#include <fmt/format.h>

#include "compiler/lsp/features.h"
#include "compiler/lsp/position.h"

namespace tco::lsp {

nlohmann::json code_actions(const Analysis& a, const std::string& uri, uint32_t from, uint32_t to,
                            const nlohmann::json& client_diagnostics) {
  using json = nlohmann::json;
  json out = json::array();
  if (a.file == 0) return out;
  LineIndex idx(a.sources.file(a.file).text);
  for (const Diagnostic& d : a.diags.list()) {
    Span s = d.span();
    if (d.fixes.empty() || s.file != a.file || s.begin > to || s.end < from) continue;
    json range = range_json(idx.position(s.begin), idx.position(s.end));
    // The client's copy of the diagnostic, so that it knows which one the fix resolves.
    json fixed = json::array();
    if (client_diagnostics.is_array())
      for (const auto& c : client_diagnostics)
        if (c.is_object() && c.value("range", json()) == range && c.value("code", json()) == info(d.kind).code)
          fixed.push_back(c);
    for (const Fix& f : d.fixes) {
      if (f.span.file != a.file) continue;
      json edit = {{"range", range_json(idx.position(f.span.begin), idx.position(f.span.end))},
                   {"newText", f.replacement}};
      json action = {{"title", f.title},
                     {"kind", "quickfix"},
                     {"edit", {{"changes", {{uri, json::array({edit})}}}}}};
      if (!fixed.empty()) action["diagnostics"] = fixed;
      if (d.fixes.size() == 1) action["isPreferred"] = true;
      out.push_back(std::move(action));
    }
  }
  return out;
}

}  // namespace tco::lsp
