// How the editor shows types and values: a dimension with the unit analysts write for it
// (`Data/Time (TB/s)`), and a constant in that unit, formatted as `tcoc run` prints figures
// (`3.35 TB/s`, `2.95 $/hr`). The "natural" unit is learned from the loaded plan and stdlib:
// the units written for this very name first (a let's literal, every literal binding a
// field), then the units written most often for the dimension, then a prefixed base unit.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/lower.h"
#include "compiler/sema/program.h"

namespace tco::lsp {

struct ShownUnit {
  std::string text;  // "TB/s"; "" for plain numbers
  double scale = 1;  // base units per one of it
  sema::Dim dim;
};

class Display {
 public:
  explicit Display(const sema::Program& p);

  // Units written for what `u` names, most used first (see the header comment).
  std::vector<ShownUnit> hints(const sema::NameUse& u) const;
  std::vector<ShownUnit> field_hints(const sema::RecordInfo* rec, const std::string& field) const;

  ShownUnit unit_for(const sema::Dim& dim, std::optional<double> value, const std::vector<ShownUnit>& hints) const;
  // "Data/Time (TB/s)", "Gpu", "Number", "Text".
  std::string type(const sema::Type* t, const std::vector<ShownUnit>& hints, std::optional<double> value = {}) const;
  // "3.35 TB/s", "\"H100 SXM\"", "true"; a record as `Gpu { ... }` on one line.
  std::string value(const ir::ConstValue& v, const sema::Type* t, const std::vector<ShownUnit>& hints) const;
  // A record's fields, one `name = value` per line.
  std::vector<std::string> fields(const ir::ConstValue& v) const;

 private:
  std::optional<ShownUnit> written_unit(const ast::Expr* e, int depth = 0) const;
  std::optional<ShownUnit> prefixed_base(const sema::Dim& dim, double value) const;

  const sema::Program& p_;
  // Every unit written in the program, by dimension, most used first.
  std::map<std::array<int8_t, sema::kMaxBaseDims>, std::vector<ShownUnit>> by_dim_;
};

}  // namespace tco::lsp
