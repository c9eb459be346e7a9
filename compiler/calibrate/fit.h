// Fitting Engine constants to measured runs: which constants the runs can pin, and their
// values by a bounded least-squares search on log errors.
#pragma once
#include <string>
#include <vector>

#include "compiler/calibrate/evaluate.h"
#include "compiler/calibrate/measurements.h"
#include "compiler/calibrate/plan.h"

namespace tco::calibrate {

// A constant the fit may move: its Engine field and unit, physical bounds, the size below
// which it makes no difference (so that a move from 0 us to 5 us is not an infinite
// ratio), and its meaning.
struct Knob {
  Constant constant;
  double lo, hi, negligible;
  std::string meaning;
};
const std::vector<Knob>& knobs();

// A few runs nudge the base's constants; many decide them. The fit is a maximum a
// posteriori estimate: the model misses a decode run (TPOT, a rate) by about kRunError and
// a first-token time by about kFirstTokenError (its median errors, rounded, on the public
// runs it was fitted to: TTFT carries admission and queueing it captures only roughly), and
// a constant is believed within kPriorWidth of the base (log-normal), so a constant
// kPriorWidth off costs as much as one decode run missed by kRunError. With two runs the
// base still matters; with twenty, the runs rule.
inline constexpr double kRunError = 0.10;
inline constexpr double kFirstTokenError = 0.25;
inline constexpr double kPriorWidth = 0.25;

// The prior's weight against one run's squared log error.
inline constexpr double kPrior = (kRunError / kPriorWidth) * (kRunError / kPriorWidth);

// log(value / base), each side lifted by the knob's negligible size.
double log_distance(const Knob& k, double value, double base);

// Each run's measured value in its metric's shown unit.
std::vector<double> measured(const std::vector<Measurement>& runs, const std::vector<double>& unit_factors);

// log(predicted / measured) per run, for the figures `f` of Evaluator::figures.
std::vector<double> log_errors(const std::vector<Measurement>& runs, const std::vector<std::vector<double>>& f,
                               const std::vector<double>& measured);

// Per run, per knob: d log(prediction) / d log(constant) at `base`, by a 5% step each way,
// times the square root of the run's weight in the fit (kRunError / its kind's error).
std::vector<std::vector<double>> sensitivity(Evaluator& e, const std::vector<Measurement>& runs,
                                             const std::vector<double>& measured, const std::vector<double>& base);

// log_errors weighted as the fit weighs them.
std::vector<double> weighted_log_errors(const std::vector<Measurement>& runs, const std::vector<double>& logs);

// The two kinds of figure, fitted apart: decode runs (TPOT and the rates) and first-token
// times.
inline constexpr size_t kDecode = 0, kFirstToken = 1;
size_t kind_of(const Measurement& m);

// Which knobs (indices into `knobs`) the runs pin (choose.cpp): each moves the predictions,
// none is (nearly) a mix of those already chosen, and each kind of figure pins fewer knobs
// than it has runs (at least one), the knobs that mainly move it; of those, the ones that
// best explain `residual` (weighted_log_errors at the base) first. `sensitivity`: per run,
// per knob, d log(prediction) / d log(constant) at the base values, weighted alike.
struct Choice {
  std::vector<size_t> chosen;  // in the knobs' order
  std::vector<size_t> kinds;   // per chosen knob: the kind of figure it is fitted to
  std::vector<std::pair<size_t, std::string>> left;  // knob, why it stays at the base
};
Choice choose(const std::vector<std::vector<double>>& sensitivity, const std::vector<double>& residual,
              const std::vector<Measurement>& runs);

struct FitResult {
  std::vector<double> values;  // per chosen knob
  std::vector<double> full;    // every knob's: the base's, the chosen ones fitted
  std::vector<bool> at_bound;
  std::vector<double> errors;  // per run, predicted / measured - 1
  double rms_log = 0;
};

// Minimises the squared log errors plus the prior's term (`prior`: its weight; 0 for plain
// least squares) over the chosen knobs from `start` (the base's values, the prior's centre),
// within their bounds, in two stages: the decode knobs to the decode runs, then the
// first-token knobs to the TTFTs. Deterministic (BOBYQA from a fixed start).
FitResult fit(Evaluator& e, const std::vector<Measurement>& runs, const std::vector<double>& measured,
              const Choice& choice, const std::vector<double>& start, double prior = kPrior);

}  // namespace tco::calibrate
