// Pricing the measured runs under one candidate after another without compiling again: the
// calibration plan is lowered once, with marker values as its two candidates, and each
// evaluation writes the candidate into the tables that hold the markers and reruns the
// sweep's kernel for the first candidate's points.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace tco::calibrate {

// The two candidates to write the plan with (plan_text's `points`): values no other table of
// the kernel holds, so that each constant's table can be found after lowering.
std::vector<std::vector<double>> marker_points(size_t constants);

class Evaluator {
 public:
  // `prog`: the lowered calibration plan for `runs` runs and `constants` constants, written
  // with marker_points(). Nothing when its kernel is not laid out as plan_text writes it.
  static std::optional<Evaluator> make(const ir::Program& prog, size_t runs, size_t constants);

  // Each run's figures under `values` (one per constant), in the sweep's shown units:
  // figures[run][metric index of metrics()].
  std::vector<std::vector<double>> figures(const std::vector<double>& values);
  // Per run: one shown unit in the run's own unit (the "units" report).
  const std::vector<double>& unit_factors() const { return units_; }
  // Per constant: the base engine's value, in the unit candidates are written in.
  const std::vector<double>& base() const { return base_; }

 private:
  ir::Kernel kernel_;
  std::vector<double> scales_;  // per shown column: displayed = value / scale
  std::vector<size_t> tables_;  // per constant: the kernel table holding its candidates
  std::vector<double> units_;
  std::vector<double> base_;
  size_t runs_ = 0;
};

}  // namespace tco::calibrate
