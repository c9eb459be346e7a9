// The runs `tcoc calibrate` fits to: one measured figure per CSV row, its columns named as
// the command's documentation names them.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/tables/csv.h"

namespace tco::calibrate {

// A count cell: its value and where it was written (or the row, when the column is absent).
struct Count {
  double value = 0;
  Span span;
};

struct Measurement {
  // Stdlib (or the plan folder's) constant names, checked by compiling them.
  tables::Cell gpu, model, precision;
  std::optional<tables::Cell> engine;  // the engine measured, when the file says
  Count gpus, tp, ep, dp, pp, input, output, batch;
  bool largest_batch = false;  // batch `auto`: an offline run, the largest batch that fits
  tables::Cell metric;  // a Serving field: tpot, ttft, tokens_per_s, ...
  double value = 0;
  Span value_span;
  tables::Cell unit;  // as written in a plan, checked against the metric by compiling it
  Span row;           // the whole row
};

// What is wrong with one cell or with the header, and where.
struct Problem {
  enum Kind { MissingColumn, UnknownColumn, DuplicateColumn, NotACount, NotAValue, UnknownMetric, NoRows } kind;
  Span at;
  std::string name;  // the column, the cell's text or the metric
  std::string hint;
};

struct Measurements {
  std::vector<Measurement> rows;
  std::vector<Problem> problems;  // every one found, in file order
};

// The figures the fit understands, as Serving's fields name them; a metric's index among
// them (metrics().size() for none); the unit the calibration plan shows it in.
const std::vector<std::string>& metrics();
size_t metric_index(const std::string& metric);
const std::string& shown_unit(const std::string& metric);

// Reads the rows of `csv`; `file` is the whole file (for problems with no cell to point at).
// Optional columns: engine, tp (default gpus), ep, dp and pp (default 1).
Measurements read_measurements(const tables::Csv& csv, Span file);

}  // namespace tco::calibrate
