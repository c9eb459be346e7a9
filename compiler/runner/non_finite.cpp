#include "compiler/runner/non_finite.h"

#include <fmt/format.h>

#include <cmath>

#include "runtime/format.h"

namespace tco::runner {

void NonFiniteTally::add(size_t column, const rt::Cell& c) {
  if (c.kind != rt::CellKind::Number || column >= nan_.size()) return;
  if (std::isnan(c.number)) ++nan_[column];
  else if (std::isinf(c.number) && c.number < 0) ++neg_inf_[column];
}

void NonFiniteTally::add_row(const std::vector<rt::Cell>& row) {
  for (size_t i = 0; i < row.size(); ++i) add(i, row[i]);
}

namespace {

std::string how_often(uint64_t n, uint64_t of_rows) {
  if (of_rows == 0) return "";
  auto count = [](uint64_t v) { return rt::format_human(double(v), rt::NumberStyle::Count); };
  if (n == of_rows) return of_rows == 1 ? "" : fmt::format(" in all {} rows", count(of_rows));
  return fmt::format(" in {} of {} rows", count(n), count(of_rows));
}

}  // namespace

void NonFiniteTally::report(const std::vector<ir::Output>& columns, uint64_t of_rows, Diagnostics& diags) const {
  for (size_t i = 0; i < columns.size() && i < nan_.size(); ++i) {
    if (nan_[i])
      diags.report<DiagKind::NotANumber>(columns[i].span, columns[i].name, how_often(nan_[i], of_rows))
          .primary_label("this value is NaN")
          .hint("NaN comes from `0 / 0`, `0 * none`, the difference of two `none` values, or `sqrt`/`ln` of a negative number; "
                "guard the step that produces it, e.g. `if d > 0 then x / d else 0`");
    if (neg_inf_[i])
      diags.report<DiagKind::NegativeInfinity>(columns[i].span, columns[i].name, how_often(neg_inf_[i], of_rows))
          .primary_label("this value is -infinity")
          .hint("-infinity comes from a negative value divided by zero, `ln(0)`, or an overflow; unlike +infinity "
                "it is not `none`");
  }
}

}  // namespace tco::runner
