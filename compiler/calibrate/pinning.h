// How well the runs pin each fitted constant: the spread the fit leaves it, from the
// runs' sensitivities and the prior (a Laplace approximation around the fitted values).
#pragma once
#include <vector>

namespace tco::calibrate {

struct Pinning {
  double spread = 0;    // one standard deviation, relative: 0.06 is ±6%
  double from_runs = 0;  // the share of what is known of it that the runs, not the base, give
};

// `sensitivity`: per run, per knob, d log(prediction) / d log(constant) at the fitted
// values, weighted as the fit weighs the runs (sensitivity() of fit.h); `chosen`: the
// fitted knobs. One Pinning per chosen knob.
std::vector<Pinning> pinning(const std::vector<std::vector<double>>& sensitivity, const std::vector<size_t>& chosen);

}  // namespace tco::calibrate
