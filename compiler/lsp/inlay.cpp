// `textDocument/inlayHint`: each top-level `let` of the document whose value is computed and
// known while compiling shows it after its expression, as hover does (`= $30,437.50/month`),
// so a plan reads like a worksheet. A literal (`3.35 TB/s`, `"H100"`) already shows its
// value, and a record has no one-line value (hover lists its fields): neither gets a hint.
// A report row whose value is constant shows it too, in the unit the row converts to.
#include "compiler/ir/lower.h"
#include "compiler/lsp/display.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/position.h"

namespace tco::lsp {

nlohmann::json inlay_hints(const Analysis& a, uint32_t from, uint32_t to) {
  nlohmann::json hints = nlohmann::json::array();
  if (a.file == 0 || !a.checked) return hints;
  const SourceFile& f = a.sources.file(a.file);
  LineIndex idx(f.text);
  Display show(a.program);
  for (const auto& u : a.program.uses) {
    if (u.kind != sema::NameKind::Let || !u.is_decl() || !u.let || !u.value || u.at.file != a.file) continue;
    if (u.value->span.end < from || u.at.begin > to) continue;
    using K = ast::ExprKind;
    if (u.value->kind == K::Number || u.value->kind == K::String || u.value->kind == K::Bool) continue;
    auto v = ir::fold_constant(a.program, *u.value);
    if (!v || v->kind == ir::ConstValue::Record) continue;
    std::string label = show.value(*v, u.type, show.hints(u));
    // Right after the value, before a trailing comment.
    hints.push_back({{"position", to_json(idx.position(u.value->span.end))},
                     {"label", "= " + label},
                     {"paddingLeft", true},
                     {"kind", 1}});
  }
  for (const auto& r : a.program.main_module().reports)
    for (const auto& e : r.entries) {
      if (!e.value || e.value->span.file != a.file) continue;
      // After the row's `-> unit` when it has one: the figure is in that unit.
      uint32_t at = e.unit ? e.unit->span.end : e.value->span.end;
      if (at < from || e.label_span.begin > to) continue;
      using K = ast::ExprKind;
      if (e.value->kind == K::Number || e.value->kind == K::String || e.value->kind == K::Bool) continue;
      auto v = ir::fold_constant(a.program, *e.value);
      if (!v || v->kind == ir::ConstValue::Record) continue;
      std::vector<ShownUnit> units;
      if (e.unit && e.value->type && e.value->type->is_quantity())
        if (auto q = a.program.products.find(&*e.unit); q != a.program.products.end())
          units.push_back({e.unit->text, q->second.scale, e.value->type->dim});
      hints.push_back({{"position", to_json(idx.position(at))},
                       {"label", "= " + show.value(*v, e.value->type, units)},
                       {"paddingLeft", true},
                       {"kind", 1}});
    }
  return hints;
}

}  // namespace tco::lsp
