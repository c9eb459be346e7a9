// `textDocument/documentSymbol`: the outline of a plan, in source order: its types, lets,
// functions, reports, sweeps and simulations, each with what it is (a let's type, a
// function's signature, "sweep" or "simulation").
#include <algorithm>

#include "compiler/lsp/features.h"
#include "compiler/lsp/position.h"
#include "compiler/sema/types.h"
#include "compiler/syntax/parse.h"

namespace tco::lsp {
namespace {

// LSP SymbolKind values (scoped: semantic.cpp's token types share some of these words).
enum class Kind { Function = 12, Constant = 14, Object = 19, Struct = 23, Event = 24 };

struct Symbol {
  std::string name, detail;
  Kind kind;
  Span whole, name_span;
};

}  // namespace

nlohmann::json document_symbols(const Analysis& a) {
  nlohmann::json out = nlohmann::json::array();
  if (a.file == 0 || !a.parsed) return out;
  const ast::Module& m = a.program.main_module();
  const auto& dims = a.program.dims;
  std::vector<Symbol> symbols;
  auto until = [](Span from, const ast::Expr* last) {
    return last && last->span.file == from.file ? Span{from.file, from.begin, std::max(from.end, last->span.end)} : from;
  };
  for (const auto& t : m.types) symbols.push_back({t.name, "type", Kind::Struct, t.span, t.span});
  for (const auto& l : m.lets)
    symbols.push_back({l.name, l.value && l.value->type ? sema::type_name(l.value->type, dims) : "", Kind::Constant,
                       until(l.span, l.value.get()), l.span});
  for (const auto& f : m.fns) {
    std::string params;
    for (const auto& p : f.params) params += (params.empty() ? "" : ", ") + p.name + ": " + p.type.product.text;
    symbols.push_back({f.name, "(" + params + ")" + (f.result ? " -> " + f.result->product.text : ""), Kind::Function,
                       until(f.span, f.body.get()), f.span});
  }
  for (const auto& r : m.reports) symbols.push_back({r.title, "report", Kind::Object, r.span, r.span});
  for (const auto& s : m.studies)
    symbols.push_back({s.binding.empty() ? s.title : s.binding + " = \"" + s.title + "\"",
                       s.is_simulation ? "simulation" : "sweep", Kind::Event, s.span, s.span});
  std::stable_sort(symbols.begin(), symbols.end(),
                   [](const Symbol& x, const Symbol& y) { return x.name_span.begin < y.name_span.begin; });
  LineIndex idx(a.sources.file(a.file).text);
  for (const auto& s : symbols) {
    if (s.name_span.file != a.file) continue;
    nlohmann::json sym = {{"name", s.name.empty() ? "(untitled)" : s.name},
                          {"kind", static_cast<int>(s.kind)},
                          {"range", range_json(idx.position(s.whole.begin), idx.position(s.whole.end))},
                          {"selectionRange", range_json(idx.position(s.name_span.begin), idx.position(s.name_span.end))}};
    if (!s.detail.empty()) sym["detail"] = s.detail;
    out.push_back(std::move(sym));
  }
  return out;
}

}  // namespace tco::lsp
