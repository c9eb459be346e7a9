// The plan `tcoc calibrate` compiles: every measured run through serve(), under candidate
// values of the constants it fits. The cells' own text is written where the plan names a
// GPU, model, precision, metric or unit, so that the compiler checks them; `cells` says
// where each landed, so that its diagnostics can be moved back onto the CSV.
#pragma once
#include <string>
#include <vector>

#include "compiler/calibrate/measurements.h"

namespace tco::calibrate {

// One constant of the Engine being fitted, and the unit its values are written in ("" for a
// share, "us" for a time).
struct Constant {
  std::string field;
  std::string unit;
};

struct PlanText {
  std::string text;
  struct Placed {
    uint32_t begin, end;  // in `text`
    Span cell;            // in the CSV
  };
  std::vector<Placed> cells;  // in order of `begin`
};

// The plan's sweep shows, in order, the candidate's index, the run's index, then each figure
// of metrics() in the unit shown_unit() gives.

// `points`: candidate values, one per constant each; at least one. The report "units" gives,
// per run, one shown unit in the run's own unit (its measured value / that = the value in
// the shown unit); the report "base", the base engine's value of each constant.
// `imports`: modules imported after the stdlib's (the runs and `base` may use their names).
PlanText plan_text(const std::vector<Measurement>& runs, const std::string& base, const std::vector<Constant>& constants,
                   const std::vector<std::vector<double>>& points, const std::vector<std::string>& imports = {});

}  // namespace tco::calibrate
