#include "compiler/sema/units.h"

#include <algorithm>
#include <vector>

namespace tco::sema {
namespace {

struct Prefix {
  const char* text;
  double scale;
};
// Only the prefixes analysts use; centi/deci/hecto are left out so that short unit names
// (`d` for day, `h`) cannot collide with prefixed forms.
const std::vector<Prefix> kSi = {{"n", 1e-9}, {"u", 1e-6}, {"µ", 1e-6}, {"m", 1e-3}, {"k", 1e3},
                                 {"M", 1e6},  {"G", 1e9},  {"T", 1e12}, {"P", 1e15}, {"E", 1e18}};
const std::vector<Prefix> kBinary = {{"Ki", 1024.0},
                                     {"Mi", 1048576.0},
                                     {"Gi", 1073741824.0},
                                     {"Ti", 1099511627776.0},
                                     {"Pi", 1125899906842624.0},
                                     {"Ei", 1152921504606846976.0}};

}  // namespace

bool UnitTable::add(const UnitInfo& u, const std::vector<std::string>& prefix_sets) {
  if (units_.count(u.name)) return false;
  units_[u.name] = u;
  for (const auto& set : prefix_sets) {
    const auto& list = set == "binary" ? kBinary : kSi;
    for (const auto& p : list) {
      UnitInfo v = u;
      v.name = p.text + u.name;
      v.scale = u.scale * p.scale;
      units_.emplace(v.name, v);  // an explicitly declared unit of that name wins
    }
  }
  return true;
}

const UnitInfo* UnitTable::find(const std::string& name) const {
  auto it = units_.find(name);
  return it == units_.end() ? nullptr : &it->second;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string> suggest(const std::string& name, const std::vector<std::string>& pool) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  const std::string lname = lower(name);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const auto& p : pool) {
    size_t d = edit_distance(name, p);
    // `H100` for `H100_SXM`: the name is the first words of a longer one, which is nearer
    // than any misspelling; and case slips (`gb` for `GB`) are the commonest.
    if (p.size() > name.size() && p.compare(0, name.size(), name) == 0 && p[name.size()] == '_') d = 0;
    if (lower(p) == lname) d = 0;
    if (d <= std::max<size_t>(1, name.size() / 3) && p != name) scored.emplace_back(d, p);
  }
  std::sort(scored.begin(), scored.end());
  scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

std::vector<std::string> UnitTable::similar(const std::string& name) const {
  std::vector<std::string> names;
  for (const auto& [n, u] : units_) names.push_back(n);
  return suggest(name, names);
}

std::string join_ticked(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? (i + 1 == v.size() ? " or " : ", ") : "") + ("`" + v[i] + "`");
  return s;
}

void did_you_mean(DiagBuilder& d, Span at, const std::vector<std::string>& names) {
  d.hint("did you mean " + join_ticked(names) + "?");
  for (const auto& n : names) d.fix(at, n, fmt::format("Replace with `{}`", n));
}

}  // namespace tco::sema
