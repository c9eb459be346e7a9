// Warnings about shown figures that are NaN or -infinity. Either is nearly always a slip in
// the plan (`0 / 0`, a negative over zero, `none - none`), and JSON prints both as null, as
// it prints `none`: a reader of the output alone could not tell them apart. +infinity is
// how `none` runs (an unbounded value, docs/language.md §10) and is not warned about.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"
#include "runtime/results.h"

namespace tco::runner {

// Counts, per column, the NaN and -infinity cells of one report, sweep or simulation.
class NonFiniteTally {
 public:
  explicit NonFiniteTally(size_t columns) : nan_(columns, 0), neg_inf_(columns, 0) {}
  void add(size_t column, const rt::Cell& c);
  void add_row(const std::vector<rt::Cell>& row);
  // One warning per column that had any, at the expression it shows. `of_rows` says how many
  // rows there were ("in 2 of 40 rows"); 0 for a report, whose rows are one value each.
  void report(const std::vector<ir::Output>& columns, uint64_t of_rows, Diagnostics& diags) const;

 private:
  std::vector<uint64_t> nan_, neg_inf_;
};

}  // namespace tco::runner
