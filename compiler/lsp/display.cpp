#include "compiler/lsp/display.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "runtime/format.h"

namespace tco::lsp {
namespace {

void add_unique(std::vector<ShownUnit>& out, const ShownUnit& u) {
  for (const auto& x : out)
    if (x.text == u.text) return;
  out.push_back(u);
}

std::vector<ShownUnit> by_count(const std::map<std::string, std::pair<int, ShownUnit>>& counted) {
  std::vector<std::pair<int, ShownUnit>> v;
  for (const auto& [text, c] : counted) v.push_back(c);
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<ShownUnit> out;
  for (const auto& [n, u] : v) out.push_back(u);
  return out;
}

bool in_range(double m) { return std::fabs(m) >= 1 && std::fabs(m) < 1000; }

}  // namespace

Display::Display(const sema::Program& p) : p_(p) {
  // Counted by text, ordered by count then text, so the choice never depends on hash order.
  std::map<std::array<int8_t, sema::kMaxBaseDims>, std::map<std::string, std::pair<int, ShownUnit>>> counts;
  for (const auto& [prod, q] : p.products) {
    if (prod->text.empty() || q.dim.dimensionless()) continue;
    auto& c = counts[q.dim.exp][prod->text];
    c.first++;
    c.second = ShownUnit{prod->text, q.scale, q.dim};
  }
  for (const auto& [dim, counted] : counts) by_dim_[dim] = by_count(counted);
}

std::optional<ShownUnit> Display::written_unit(const ast::Expr* e, int depth) const {
  if (!e || depth > 8) return std::nullopt;
  using K = ast::ExprKind;
  auto product = [&](const ast::Product& pr) -> std::optional<ShownUnit> {
    auto it = p_.products.find(&pr);
    if (pr.text.empty() || it == p_.products.end()) return std::nullopt;
    return ShownUnit{pr.text, it->second.scale, it->second.dim};
  };
  auto plain = [](const ast::Expr* x) { return x->type && x->type->is_quantity() && x->type->dim.dimensionless(); };
  switch (e->kind) {
    case K::Number:
    case K::Convert: return product(e->unit);
    case K::Unary: return written_unit(e->a.get(), depth + 1);
    case K::If: {
      auto u = written_unit(e->b.get(), depth + 1);
      return u ? u : written_unit(e->c.get(), depth + 1);
    }
    case K::Binary:
      // `($25000 + $30000) / 2` is written in dollars; `2 * 3.35 TB/s` in TB/s.
      if (e->bin == ast::BinOp::Add || e->bin == ast::BinOp::Sub) return written_unit(e->a.get(), depth + 1);
      if ((e->bin == ast::BinOp::Mul || e->bin == ast::BinOp::Div) && plain(e->b.get()))
        return written_unit(e->a.get(), depth + 1);
      if (e->bin == ast::BinOp::Mul && plain(e->a.get())) return written_unit(e->b.get(), depth + 1);
      return std::nullopt;
    default: return std::nullopt;
  }
}

std::vector<ShownUnit> Display::field_hints(const sema::RecordInfo* rec, const std::string& field) const {
  std::map<std::string, std::pair<int, ShownUnit>> counted;
  for (const auto& u : p_.uses) {
    if (u.kind != sema::NameKind::Field || u.record != rec || u.name != field) continue;
    if (auto w = written_unit(u.value)) {
      auto& c = counted[w->text];
      c.first++;
      c.second = *w;
    }
  }
  return by_count(counted);
}

std::vector<ShownUnit> Display::hints(const sema::NameUse& u) const {
  std::vector<ShownUnit> out;
  // What is written right here comes first: this literal's unit, this let's.
  if (u.kind != sema::NameKind::Field || u.value == nullptr || u.value->kind != ast::ExprKind::Field)
    if (auto w = written_unit(u.value)) out.push_back(*w);
  if (u.kind == sema::NameKind::Field)
    for (const auto& h : field_hints(u.record, u.name)) add_unique(out, h);
  if (u.kind == sema::NameKind::Param) {
    std::map<std::string, std::pair<int, ShownUnit>> counted;
    for (const auto& v : p_.uses)
      if (v.kind == sema::NameKind::Param && v.fn == u.fn && v.name == u.name)
        if (auto w = written_unit(v.value)) {
          auto& c = counted[w->text];
          c.first++;
          c.second = *w;
        }
    for (const auto& h : by_count(counted)) add_unique(out, h);
  }
  return out;
}

std::optional<ShownUnit> Display::prefixed_base(const sema::Dim& dim, double value) const {
  std::string base = p_.dims.base_unit_text(dim);
  for (size_t i = 0; i < p_.dims.base_count(); ++i) {
    if (dim.exp[i] == 0) continue;
    if (dim.exp[i] != 1) return std::nullopt;  // only a leading factor of power 1 takes a prefix
    std::string unit = p_.dims.base_unit_text(sema::Dim::base(i));
    const sema::UnitInfo* plain = p_.units.find(unit);
    if (!plain || base.rfind(unit, 0) != 0) return std::nullopt;
    for (const char* prefix : {"E", "P", "T", "G", "M", "k", "", "m", "u", "n"}) {
      const sema::UnitInfo* u = p_.units.find(prefix + unit);
      if (!u || !(u->dim == plain->dim)) continue;
      double scale = u->scale / plain->scale;
      if (in_range(value / scale)) return ShownUnit{prefix + base, scale, dim};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

ShownUnit Display::unit_for(const sema::Dim& dim, std::optional<double> value, const std::vector<ShownUnit>& hints) const {
  // Units written for this name win whatever the magnitude: the analyst chose them.
  for (const auto& h : hints)
    if (h.dim == dim) return h;
  if (dim.dimensionless()) return {};
  bool known = value && std::isfinite(*value) && *value != 0;
  if (auto it = by_dim_.find(dim.exp); it != by_dim_.end()) {
    if (!known) return it->second.front();
    for (const auto& c : it->second)
      if (in_range(*value / c.scale)) return c;
  }
  if (known)
    if (auto u = prefixed_base(dim, *value)) return *u;
  if (auto it = by_dim_.find(dim.exp); it != by_dim_.end()) return it->second.front();
  return ShownUnit{p_.dims.base_unit_text(dim), 1, dim};
}

std::string Display::type(const sema::Type* t, const std::vector<ShownUnit>& hints, std::optional<double> value) const {
  if (!t) return "?";
  std::string name = sema::type_name(t, p_.dims);
  if (!t->is_quantity() || t->dim.dimensionless()) return name;
  ShownUnit u = unit_for(t->dim, value, hints);
  if (u.text.empty()) return name;
  // `Power (Energy/Time)` names its structure in parentheses, where the unit goes: the alias
  // alone says enough, and hovering it shows the rest.
  if (auto paren = name.find(" ("); paren != std::string::npos) name.resize(paren);
  return fmt::format("{} ({})", name, u.text);
}

std::string Display::value(const ir::ConstValue& v, const sema::Type* t, const std::vector<ShownUnit>& hints) const {
  switch (v.kind) {
    case ir::ConstValue::Text: return fmt::format("\"{}\"", v.text);
    case ir::ConstValue::Bool: return v.boolean ? "true" : "false";
    case ir::ConstValue::Record: {
      // A record inside a record: its name says which one, when it has one.
      int name = v.record->field_index("name");
      if (name >= 0 && v.fields[static_cast<size_t>(name)].kind == ir::ConstValue::Text)
        return fmt::format("{} {{ name = \"{}\", ... }}", v.record->name, v.fields[static_cast<size_t>(name)].text);
      return fmt::format("{} {{ ... }}", v.record->name);
    }
    case ir::ConstValue::Number: break;
  }
  if (std::isinf(v.number) && v.number > 0) return "none";
  sema::Dim dim = t && t->is_quantity() ? t->dim : sema::Dim{};
  ShownUnit u = unit_for(dim, v.number, hints);
  auto style = ir::number_style(p_.dims, dim, u.text);
  std::string number = rt::format_human(v.number / u.scale, style);
  if (u.text.empty()) return number;
  if (u.text == "%") return number + "%";
  // Money reads as the literal an analyst would write: `$2.95/hr`, `-$1,500.00`.
  if (style == rt::NumberStyle::Money && u.text[0] == '$') {
    bool negative = number[0] == '-';
    return (negative ? "-$" : "$") + number.substr(negative ? 1 : 0) + u.text.substr(1);
  }
  return number + " " + u.text;
}

std::vector<std::string> Display::fields(const ir::ConstValue& v) const {
  std::vector<std::string> out;
  if (v.kind != ir::ConstValue::Record) return out;
  for (size_t i = 0; i < v.fields.size() && i < v.record->fields.size(); ++i) {
    const auto& f = v.record->fields[i];
    out.push_back(fmt::format("{} = {}", f.name, value(v.fields[i], f.type, field_hints(v.record, f.name))));
  }
  return out;
}

}  // namespace tco::lsp
