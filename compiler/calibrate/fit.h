// Fitting Engine constants to measured runs: which constants the runs can pin, and their
// values by a bounded least-squares search on log errors.
#pragma once
#include <string>
#include <vector>

#include "compiler/calibrate/evaluate.h"
#include "compiler/calibrate/measurements.h"
#include "compiler/calibrate/plan.h"

namespace tco::calibrate {

// A constant the fit may move: its Engine field and unit, physical bounds, and meaning.
struct Knob {
  Constant constant;
  double lo, hi;
  std::string meaning;
};
const std::vector<Knob>& knobs();

// Each run's measured value in its metric's shown unit.
std::vector<double> measured(const std::vector<Measurement>& runs, const std::vector<double>& unit_factors);

// log(predicted / measured) per run, for the figures `f` of Evaluator::figures.
std::vector<double> log_errors(const std::vector<Measurement>& runs, const std::vector<std::vector<double>>& f,
                               const std::vector<double>& measured);

// Per run, per knob: d log(prediction) / d log(constant) at `base`, by a 5% step each way,
// times the square root of the run's weight in the fit (TTFT counts half).
std::vector<std::vector<double>> sensitivity(Evaluator& e, const std::vector<Measurement>& runs,
                                             const std::vector<double>& measured, const std::vector<double>& base);

// Which knobs (indices into `knobs`) the runs pin: each moves the predictions, none is
// (nearly) a mix of those already chosen, and there are fewer than the runs. `sensitivity`:
// per run, per knob, d log(prediction) / d log(constant) at the base values.
struct Choice {
  std::vector<size_t> chosen;
  std::vector<std::pair<size_t, std::string>> left;  // knob, why it stays at the base
};
Choice choose(const std::vector<std::vector<double>>& sensitivity, size_t runs);

struct FitResult {
  std::vector<double> values;  // per chosen knob
  std::vector<bool> at_bound;
  std::vector<double> errors;  // per run, predicted / measured - 1
  double rms_log = 0;
};

// Minimises the sum of squared log errors over the chosen knobs from `start` (the base's
// values), within their bounds: deterministic (BOBYQA from a fixed start).
FitResult fit(Evaluator& e, const std::vector<Measurement>& runs, const std::vector<double>& measured,
              const std::vector<size_t>& chosen, const std::vector<double>& start);

}  // namespace tco::calibrate
