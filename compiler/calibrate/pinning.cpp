// The fit minimises Σ log errors² + kPrior Σ log distances², so around its minimum the
// log constants are Gaussian with precision H = (JᵀJ + kPrior·I) / kRunError², J the runs'
// sensitivities; the spread of each is the root of H⁻¹'s diagonal. H is at most 7×7 and
// positive definite (the prior sees to it): a Cholesky factor by hand, rather than LAPACK,
// which would load libgfortran into every tcoc start for it.
#include "compiler/calibrate/pinning.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "compiler/calibrate/fit.h"

namespace tco::calibrate {
namespace {

using Matrix = std::vector<std::vector<double>>;

// diag(H⁻¹) by H = L·Lᵀ: H⁻¹ = L⁻ᵀ·L⁻¹, so entry k is the squared norm of L⁻¹'s column k.
std::vector<double> inverse_diagonal(Matrix h) {
  const size_t n = h.size();
  Matrix l(n, std::vector<double>(n, 0.0));
  for (size_t j = 0; j < n; ++j) {
    double d = h[j][j];
    for (size_t k = 0; k < j; ++k) d -= l[j][k] * l[j][k];
    l[j][j] = std::sqrt(std::max(d, 1e-300));
    for (size_t i = j + 1; i < n; ++i) {
      double s = h[i][j];
      for (size_t k = 0; k < j; ++k) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  std::vector<double> out(n, 0.0);
  for (size_t c = 0; c < n; ++c) {  // column c of L⁻¹, by forward substitution
    std::vector<double> x(n, 0.0);
    for (size_t i = c; i < n; ++i) {
      double s = i == c ? 1.0 : 0.0;
      for (size_t k = c; k < i; ++k) s -= l[i][k] * x[k];
      x[i] = s / l[i][i];
      out[c] += x[i] * x[i];
    }
  }
  return out;
}

}  // namespace

std::vector<Pinning> pinning(const std::vector<std::vector<double>>& sensitivity, const std::vector<size_t>& chosen) {
  const size_t n = chosen.size();
  Matrix h(n, std::vector<double>(n));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      double sum = i == j ? kPrior : 0.0;
      for (const auto& row : sensitivity) sum += row[chosen[i]] * row[chosen[j]];
      h[i][j] = sum / (kRunError * kRunError);
    }
  // The prior alone leaves a knob kPriorWidth wide: what is left of that variance once the
  // runs are in says how much they, rather than the base, set it.
  std::vector<Pinning> out;
  for (double variance : inverse_diagonal(std::move(h)))
    out.push_back({std::expm1(std::sqrt(variance)), 1 - variance / (kPriorWidth * kPriorWidth)});
  return out;
}

}  // namespace tco::calibrate
