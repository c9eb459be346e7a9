// Lowering the checked program to IR kernels.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/sema/program.h"

namespace tco::ir {

// Lowers the plan module's reports, sweeps, simulations and asserts. Reports the errors
// that need values (non-constant axes, empty ranges, bad sample counts); returns false then.
bool lower_program(const sema::Program& prog, Diagnostics& diags, Program& out);

// A value known before the plan runs, as lowering folds it: a number in base units, a text,
// a Bool, or a record of such values in field order.
struct ConstValue {
  enum Kind { Number, Text, Bool, Record } kind = Number;
  double number = 0;
  std::string text;
  bool boolean = false;
  const sema::RecordInfo* record = nullptr;
  std::vector<ConstValue> fields;
};

// Folds `e`, an expression of a program that checked without errors and that names no local
// (a top-level let's value, a field of one), exactly as lowering does: for editors, which show
// a constant's value. Nothing when it depends on a sweep axis, a draw or a local.
std::optional<ConstValue> fold_constant(const sema::Program& prog, const ast::Expr& e);

// How `tcoc run` styles a number of dimension `dim` shown in `unit` (money, percent, plain).
rt::NumberStyle number_style(const sema::DimNames& dims, const sema::Dim& dim, const std::string& unit);

}  // namespace tco::ir
