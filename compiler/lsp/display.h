// How the editor shows types and values: a dimension with its natural unit
// (`Data/Time (TB/s)`), and a constant in that unit, formatted as `tcoc run` prints figures
// (`3.35 TB/s`), money as the literal an analyst writes (`$2.95/hr`). The natural unit is
// the one written for this very name (evidence.h), else the dimension's most written one that
// reads between 1 and 1000, else a prefixed base unit.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/lower.h"
#include "compiler/sema/evidence.h"
#include "compiler/sema/program.h"

namespace tco::lsp {

using sema::ShownUnit;
using sema::UnitEvidence;

class Display {
 public:
  explicit Display(const sema::Program& p) : p_(p), evidence_(p) {}

  // Units written for what `u` names, the one written right there first.
  std::vector<ShownUnit> hints(const sema::NameUse& u) const;
  std::vector<ShownUnit> field_hints(const sema::RecordInfo* rec, const std::string& field) const {
    return evidence_.for_field(rec, field);
  }

  ShownUnit unit_for(const sema::Dim& dim, std::optional<double> value, const std::vector<ShownUnit>& hints) const;
  // "Data/Time (TB/s)", "Power (W)", "Gpu", "Number", "Text".
  std::string type(const sema::Type* t, const std::vector<ShownUnit>& hints, std::optional<double> value = {}) const;
  // "3.35 TB/s", "$2.95/hr", "\"H100 SXM\"", "true", "none"; a record inside a record by name.
  std::string value(const ir::ConstValue& v, const sema::Type* t, const std::vector<ShownUnit>& hints) const;
  // A record's fields, one `name = value` each; `origin`, the literal or `with` that made the
  // record, says which unit each field was written in.
  std::vector<std::string> fields(const ir::ConstValue& v, const ast::Expr* origin) const;

 private:
  std::optional<ShownUnit> prefixed_base(const sema::Dim& dim, double value) const;

  const sema::Program& p_;
  UnitEvidence evidence_;
};

}  // namespace tco::lsp
