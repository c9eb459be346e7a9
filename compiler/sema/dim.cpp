#include "compiler/sema/dim.h"

#include <fmt/format.h>

namespace tco::sema {

std::optional<size_t> DimNames::add_base(const std::string& name, Span decl) {
  if (bases_.size() >= kMaxBaseDims) return std::nullopt;
  bases_.push_back(name);
  aliases_.emplace_back(name, Dim::base(bases_.size() - 1));
  alias_decls_.push_back(decl);
  return bases_.size() - 1;
}

void DimNames::add_alias(const std::string& name, const Dim& d, Span decl) {
  aliases_.emplace_back(name, d);
  alias_decls_.push_back(decl);
}

Span DimNames::decl_of(const std::string& name) const {
  for (size_t i = 0; i < aliases_.size(); ++i)
    if (aliases_[i].first == name) return alias_decls_[i];
  return {};
}

std::optional<Dim> DimNames::lookup(const std::string& name) const {
  for (const auto& [n, d] : aliases_)
    if (n == name) return d;
  return std::nullopt;
}

std::string DimNames::render(const Dim& d, const std::vector<std::string>& names, const char* dot) const {
  std::vector<std::string> num, den;
  for (size_t i = 0; i < bases_.size(); ++i) {
    int e = d.exp[i];
    if (e == 0 || names[i].empty()) continue;
    std::string f = names[i];
    int a = e < 0 ? -e : e;
    if (a != 1) f += fmt::format("^{}", a);
    (e > 0 ? num : den).push_back(f);
  }
  auto join = [&](const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? dot : "") + v[i];
    return s;
  };
  std::string out = num.empty() ? (den.empty() ? "" : "1") : join(num);
  if (!den.empty()) out += "/" + (den.size() > 1 ? "(" + join(den) + ")" : den[0]);
  return out;
}

std::string DimNames::structural(const Dim& d) const {
  if (d.dimensionless()) return "Number";
  return render(d, bases_, "·");
}

std::string DimNames::describe(const Dim& d) const {
  std::string s = structural(d);
  // Base dimensions are in aliases_ too, interleaved with the named products in
  // declaration order (`dimension Device` after the prelude's `Power`); a base's own
  // entry renders as its name and is skipped by the `!= s` test.
  for (const auto& [name, dim] : aliases_)
    if (dim == d && name != s) return fmt::format("{} ({})", name, s);
  return s;
}

std::string DimNames::base_unit_text(const Dim& d) const {
  std::vector<std::string> names(bases_.size());
  for (size_t i = 0; i < bases_.size(); ++i) names[i] = base_units_[i].empty() ? bases_[i] : base_units_[i];
  return render(d, names, "·");
}

}  // namespace tco::sema
