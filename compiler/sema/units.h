// The unit table: every unit name a plan can write after a number or `->`, with its
// scale to the base unit of its dimension. Filled from `unit` declarations.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/sema/dim.h"
#include "compiler/syntax/ast.h"

namespace tco::sema {

struct UnitInfo {
  std::string name;
  double scale = 1;  // value in base units of one of this unit
  Dim dim;
  Span decl;
};

struct Quantity {
  double scale = 1;
  Dim dim;
};

class UnitTable {
 public:
  // Adds a unit and, when asked, its prefixed forms; returns false if the name exists.
  bool add(const UnitInfo& u, const std::vector<std::string>& prefix_sets);
  const UnitInfo* find(const std::string& name) const;
  // Unit names close to `name` (suggest()), for "did you mean".
  std::vector<std::string> similar(const std::string& name) const;
  // Every unit by name, prefixed forms included (editors complete them).
  const std::map<std::string, UnitInfo>& all() const { return units_; }

 private:
  std::map<std::string, UnitInfo> units_;
};

// Edit distance (Damerau-free Levenshtein), for suggestions.
size_t edit_distance(const std::string& a, const std::string& b);

// Every "did you mean" of tcoc: the names of `pool` close enough to `name` to be what was
// meant (within a third of its length, at least one edit; the same but for case, or `name`
// followed by `_...`, nearest of all), nearest first, at most three.
std::vector<std::string> suggest(const std::string& name, const std::vector<std::string>& pool);

// "`a`, `b` or `c`".
std::string join_ticked(const std::vector<std::string>& v);

// The hint "did you mean `a` or `b`?" on `d`, with a fix replacing `at` by each of `names`.
void did_you_mean(DiagBuilder& d, Span at, const std::vector<std::string>& names);

}  // namespace tco::sema
