// Counting the units a program writes, per dimension, field, let and parameter.
#include "compiler/sema/evidence.h"

#include <algorithm>

namespace tco::sema {

UnitEvidence::UnitEvidence(const Program& p) : p_(p) {
  for (const auto& [prod, q] : p.products)
    if (!prod->text.empty() && !q.dim.dimensionless()) count(dims_[q.dim.exp], ShownUnit{prod->text, q.scale, q.dim});
  for (const auto& u : p.uses) {
    if (u.kind != NameKind::Param) continue;
    if (auto w = written_unit(u.value)) count(params_[{u.fn, u.name}], *w);
  }
  for (const auto& m : p.modules) walk(m);
}

std::vector<ShownUnit> UnitEvidence::ranked(const Counts* c) {
  if (!c) return {};
  std::vector<std::pair<int, ShownUnit>> v;
  for (const auto& [text, n] : *c) v.push_back(n);
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<ShownUnit> out;
  for (const auto& [n, u] : v) out.push_back(u);
  return out;
}

std::vector<ShownUnit> UnitEvidence::for_dim(const Dim& d) const {
  auto it = dims_.find(d.exp);
  return ranked(it == dims_.end() ? nullptr : &it->second);
}

std::vector<ShownUnit> UnitEvidence::for_field(const RecordInfo* rec, const std::string& field) const {
  auto it = fields_.find({rec, field});
  return ranked(it == fields_.end() ? nullptr : &it->second);
}

std::vector<ShownUnit> UnitEvidence::for_let(const ast::LetDecl* let) const {
  auto it = lets_.find(let);
  return ranked(it == lets_.end() ? nullptr : &it->second);
}

std::vector<ShownUnit> UnitEvidence::for_param(const ast::FnDecl* fn, const std::string& param) const {
  auto it = params_.find({fn, param});
  return ranked(it == params_.end() ? nullptr : &it->second);
}

std::optional<ShownUnit> UnitEvidence::product_unit(const ast::Product& pr) const {
  auto it = p_.products.find(&pr);
  if (pr.text.empty() || it == p_.products.end()) return std::nullopt;
  return ShownUnit{pr.text, it->second.scale, it->second.dim};
}

std::optional<ShownUnit> UnitEvidence::written_unit(const ast::Expr* e) const {
  auto plain = [](const ast::Expr* x) { return x->type && x->type->is_quantity() && x->type->dim.dimensionless(); };
  using K = ast::ExprKind;
  // Down a chain of unary minus, `if` and scaling, never deep: a unit is written near the top.
  for (int depth = 0; e && depth < 16; ++depth) {
    switch (e->kind) {
      case K::Number:
      case K::Convert: return product_unit(e->unit);
      case K::Unary: e = e->a.get(); continue;
      case K::If:
        if (auto u = written_unit(e->b.get())) return u;
        e = e->c.get();
        continue;
      case K::Search: e = e->a ? e->a->a.get() : nullptr; continue;  // the unit of the range's start
      case K::Binary:
        if (e->bin == ast::BinOp::Add || e->bin == ast::BinOp::Sub) e = e->a.get();
        else if ((e->bin == ast::BinOp::Mul || e->bin == ast::BinOp::Div) && plain(e->b.get())) e = e->a.get();
        else if (e->bin == ast::BinOp::Mul && plain(e->a.get())) e = e->b.get();
        else return std::nullopt;
        continue;
      default: return std::nullopt;
    }
  }
  return std::nullopt;
}

// `value -> unit`: the unit someone chose to read `value` in, and each term of a sum or
// difference (`a.monthly_cost - b.monthly_cost -> $/month`) in it too.
void UnitEvidence::shown(const ast::Expr& top, const ast::Product& unit) {
  auto u = product_unit(unit);
  if (!u) return;
  std::vector<const ast::Expr*> terms = {&top};
  for (size_t i = 0; i < terms.size() && i < 64; ++i) {
    const ast::Expr& e = *terms[i];
    if (e.kind == ast::ExprKind::Binary && (e.bin == ast::BinOp::Add || e.bin == ast::BinOp::Sub)) {
      terms.push_back(e.a.get());
      terms.push_back(e.b.get());
    } else if (e.kind == ast::ExprKind::Unary && e.a) {
      terms.push_back(e.a.get());
    }
  }
  for (const ast::Expr* t : terms) shown_term(*t, *u);
}

void UnitEvidence::shown_term(const ast::Expr& value, const ShownUnit& u) {
  if (value.kind == ast::ExprKind::Field && value.a && value.a->type && value.a->type->kind == TypeKind::Record)
    count(fields_[{value.a->type->record, value.text}], u);
  if (value.kind == ast::ExprKind::Name)
    if (auto it = p_.refs.find(&value); it != p_.refs.end() && it->second.kind == RefKind::GlobalLet)
      count(lets_[it->second.let], u);
}

// `Gpu { bandwidth = 3.35 TB/s }`, `x with { rent = $2/hr }`: the unit each field is given in.
void UnitEvidence::bound(const ast::Expr& e) {
  auto it = p_.refs.find(&e);
  if (it == p_.refs.end() || !it->second.record) return;
  const Ref& ref = it->second;
  for (size_t i = 0; i < ref.args.size() && i < ref.record->fields.size(); ++i)
    if (auto w = written_unit(ref.args[i])) count(fields_[{ref.record, ref.record->fields[i].name}], *w);
}

void UnitEvidence::walk(const ModuleInfo& info) {
  const ast::Module& m = *info.ast;
  std::vector<const ast::Expr*> work;
  auto push = [&](const ast::Expr* e) {
    if (e) work.push_back(e);
  };
  for (const auto& l : m.lets) {
    push(l.value.get());
    if (auto w = written_unit(l.value.get())) count(lets_[&l], *w);
  }
  for (const auto& t : m.types) {
    auto sym = info.symbols.find(t.name);
    const RecordInfo* rec = sym != info.symbols.end() ? sym->second.record : nullptr;
    for (const auto& f : t.fields) {
      push(f.default_value.get());
      if (auto w = rec ? written_unit(f.default_value.get()) : std::nullopt) count(fields_[{rec, f.name}], *w);
    }
  }
  for (const auto& f : m.fns) {
    for (const auto& p : f.params) push(p.default_value.get());
    for (const auto& l : f.lets) push(l.value.get());
    push(f.body.get());
  }
  for (const auto& r : m.reports)
    for (const auto& e : r.entries) {
      push(e.value.get());
      if (e.unit && e.value) shown(*e.value, *e.unit);
    }
  for (const auto& st : m.studies) {
    for (const auto& a : st.axes) push(a.values.get());
    for (const auto& l : st.lets) push(l.value.get());
    for (const auto& w : st.where) push(w.get());
    for (const auto& o : st.reduction.objectives) push(o.value.get());
    for (const auto& b : st.reduction.by) push(b.get());
    for (const auto& s : st.show) {
      push(s.value.get());
      if (s.unit && s.value) shown(*s.value, *s.unit);
    }
  }
  for (const auto& a : m.asserts) push(a.condition.get());
  // A work list, not recursion: a plan may hold a chain of 10,000 operators.
  while (!work.empty()) {
    const ast::Expr* e = work.back();
    work.pop_back();
    if (e->kind == ast::ExprKind::Convert && e->a) shown(*e->a, e->unit);
    if (e->kind == ast::ExprKind::RecordLit || e->kind == ast::ExprKind::With) bound(*e);
    ast::for_each_child(*e, [&](const ast::Expr& c) { push(&c); });
  }
}

}  // namespace tco::sema
