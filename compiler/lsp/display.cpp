// Choosing the unit a type or value is shown in, and formatting values as `tcoc run` does.
#include "compiler/lsp/display.h"

#include <fmt/format.h>

#include <cmath>

#include "runtime/format.h"

namespace tco::lsp {
namespace {

void add_unique(std::vector<ShownUnit>& out, const ShownUnit& u) {
  for (const auto& x : out)
    if (x.text == u.text) return;
  out.push_back(u);
}

bool in_range(double m) { return std::fabs(m) >= 1 && std::fabs(m) < 1000; }

}  // namespace

std::vector<ShownUnit> Display::hints(const sema::NameUse& u) const {
  std::vector<ShownUnit> out;
  // `a.b` is not written in a unit; a literal bound right here, or a let's value, is.
  if (!u.value || u.value->kind != ast::ExprKind::Field)
    if (auto w = evidence_.written_unit(u.value)) out.push_back(*w);
  std::vector<ShownUnit> more;
  switch (u.kind) {
    case sema::NameKind::Field: more = evidence_.for_field(u.record, u.name); break;
    case sema::NameKind::Param: more = evidence_.for_param(u.fn, u.name); break;
    case sema::NameKind::Let: more = evidence_.for_let(u.let); break;
    default: break;
  }
  for (const auto& h : more) add_unique(out, h);
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
  // A unit written for this name wins whatever the magnitude: the analyst chose it.
  for (const auto& h : hints)
    if (h.dim == dim) return h;
  if (dim.dimensionless()) return {};
  auto written = evidence_.for_dim(dim);
  bool known = value && std::isfinite(*value) && *value != 0;
  if (known) {
    // The dimension's usual unit while it reads sensibly (`$0.57/hr` rather than a switch to
    // `$/month`), else the first that reads between 1 and 1000.
    if (!written.empty()) {
      double m = std::fabs(*value / written.front().scale);
      if (m >= 0.01 && m < 1e5) return written.front();
    }
    for (const auto& c : written)
      if (in_range(*value / c.scale)) return c;
    if (auto u = prefixed_base(dim, *value)) return *u;
  }
  if (!written.empty()) return written.front();
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

std::vector<std::string> Display::fields(const ir::ConstValue& v, const ast::Expr* origin) const {
  std::vector<std::string> out;
  if (v.kind != ir::ConstValue::Record) return out;
  bool literal = origin && (origin->kind == ast::ExprKind::RecordLit || origin->kind == ast::ExprKind::With);
  for (size_t i = 0; i < v.fields.size() && i < v.record->fields.size(); ++i) {
    const auto& f = v.record->fields[i];
    std::vector<ShownUnit> hints;
    if (literal)
      for (const auto& arg : origin->args)
        if (arg.name && *arg.name == f.name)
          if (auto w = evidence_.written_unit(arg.value.get())) hints.push_back(*w);
    for (const auto& h : evidence_.for_field(v.record, f.name)) add_unique(hints, h);
    out.push_back(fmt::format("{} = {}", f.name, value(v.fields[i], f.type, hints)));
  }
  return out;
}

}  // namespace tco::lsp
