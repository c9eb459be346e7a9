// The units a loaded program writes, counted: what analysts call the natural unit of a
// dimension, a record field, a top-level let or a parameter. Evidence is every literal's unit,
// every `->` target (`s.monthly_cost -> $/month` says how monthly_cost is read), and every
// literal bound to a field (in a record literal, a `with` or a field's default) or, when the
// name index is recorded (editors), to an argument. `tcoc run` shows a figure written without
// `->` in its field's or let's unit from here; editors show values with it.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/sema/program.h"

namespace tco::sema {

struct ShownUnit {
  std::string text;  // "TB/s"; "" for plain numbers
  double scale = 1;  // base units per one of it
  Dim dim;
};

class UnitEvidence {
 public:
  explicit UnitEvidence(const Program& p);

  // Each list is most used first (ties by spelling, so never by hash order).
  std::vector<ShownUnit> for_dim(const Dim& d) const;
  std::vector<ShownUnit> for_field(const RecordInfo* rec, const std::string& field) const;
  std::vector<ShownUnit> for_let(const ast::LetDecl* let) const;
  std::vector<ShownUnit> for_param(const ast::FnDecl* fn, const std::string& param) const;

  // The unit `e` is written in: a literal's (`3.35 TB/s`), a `->` target, the unit of the
  // scaled side of `2 * x` or `(a + b) / 2`.
  std::optional<ShownUnit> written_unit(const ast::Expr* e) const;

 private:
  using Counts = std::map<std::string, std::pair<int, ShownUnit>>;
  static void count(Counts& c, const ShownUnit& u) {
    c[u.text].first++;
    c[u.text].second = u;
  }
  static std::vector<ShownUnit> ranked(const Counts* c);
  std::optional<ShownUnit> product_unit(const ast::Product& p) const;
  void shown(const ast::Expr& value, const ast::Product& unit);
  void shown_term(const ast::Expr& value, const ShownUnit& unit);
  void bound(const ast::Expr& e);
  void walk(const ModuleInfo& info);

  const Program& p_;
  std::map<std::array<int8_t, kMaxBaseDims>, Counts> dims_;
  std::map<std::pair<const RecordInfo*, std::string>, Counts> fields_;
  std::map<const ast::LetDecl*, Counts> lets_;
  std::map<std::pair<const ast::FnDecl*, std::string>, Counts> params_;
};

}  // namespace tco::sema
