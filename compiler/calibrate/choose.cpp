// Only what the runs pin is fitted: a constant that moves no prediction, or moves them as a
// mix of constants already chosen does, cannot be told from them by these runs, and fitting
// it would only pick a value at random; it keeps the base's value, and the module says why.
//
// The two kinds of figure are chosen for apart: the decode runs (TPOT, rates) pin the
// constants that mainly move them, the first-token times theirs. Two TTFTs cannot pin a
// prompt speed, a fixed overhead and a queueing share, however many decode rates come with
// them; and a TTFT the model misses badly must not choose the decode constants.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <optional>

#include "compiler/calibrate/fit.h"

namespace tco::calibrate {
namespace {

constexpr double kMoves = 0.05;     // a 1% change moves some prediction by at least 0.05%
constexpr double kDistinct = 0.25;  // and a quarter of its effect is its own

using Vector = std::vector<double>;
double dot(const Vector& a, const Vector& b) { return std::inner_product(a.begin(), a.end(), b.begin(), 0.0); }
double norm(const Vector& v) { return std::sqrt(dot(v, v)); }
std::string plural(size_t n, const std::string& word) { return n == 1 ? word : word + "s"; }
size_t cap(size_t runs) { return runs > 1 ? runs - 1 : 1; }  // one run's worth of slack

// Greedy, like orthogonal matching pursuit, over `open` (knobs; `column(k)` their
// sensitivities on this kind's runs): next the knob that explains most of what the chosen
// ones leave of the misfit, so that of two knobs the runs could both blame, the one whose
// pattern across the runs matches the misfit's, and strongly enough to get past the prior,
// is fitted. Chosen knobs leave `open`; so do those the runs cannot tell from them (into
// `left`, with the reason).
template <class Column>
std::vector<size_t> pursue(std::vector<size_t>& open, const Column& column, Vector misfit, size_t most,
                           std::vector<std::pair<size_t, std::string>>& left) {
  std::vector<size_t> chosen;
  std::vector<Vector> basis;  // orthonormal, spanning the chosen columns
  while (!open.empty() && chosen.size() < most) {
    std::optional<size_t> best;
    double best_score = -1;
    Vector best_c;
    for (size_t j = 0; j < open.size();) {
      auto c = column(open[j]);
      const double own = norm(c);
      for (const auto& b : basis) {
        const double d = dot(c, b);
        for (size_t i = 0; i < c.size(); ++i) c[i] -= d * b[i];
      }
      const double rest = norm(c);
      if (rest < kDistinct * own) {
        left.push_back({open[j], "these runs cannot tell it from the constants fitted"});
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(j));
        continue;
      }
      // What moving it alone would take off the misfit, against the prior: a knob that
      // moves the runs little must move far, and the prior holds it back.
      const double score = std::abs(dot(c, misfit)) / std::sqrt(rest * rest + kPrior);
      if (score > best_score) best_score = score, best = j, best_c = std::move(c);
      ++j;
    }
    if (!best) break;
    const double rest = norm(best_c);
    for (auto& x : best_c) x /= rest;
    const double d = dot(misfit, best_c);
    for (size_t i = 0; i < misfit.size(); ++i) misfit[i] -= d * best_c[i];
    basis.push_back(std::move(best_c));
    chosen.push_back(open[*best]);
    open.erase(open.begin() + static_cast<std::ptrdiff_t>(*best));
  }
  return chosen;
}

}  // namespace

Choice choose(const std::vector<std::vector<double>>& sensitivity, const std::vector<double>& residual,
              const std::vector<Measurement>& runs) {
  const size_t n = knobs().size();
  std::array<std::vector<size_t>, 2> rows;  // of each kind
  for (size_t i = 0; i < runs.size(); ++i) rows[kind_of(runs[i])].push_back(i);
  auto column = [&](size_t k, const std::vector<size_t>& of) {
    Vector c;
    for (size_t i : of) c.push_back(sensitivity[i][k]);
    return c;
  };
  std::vector<size_t> every(runs.size());
  std::iota(every.begin(), every.end(), 0);

  Choice out;
  std::array<std::vector<size_t>, 2> open;  // a knob belongs to the kind it moves most
  for (size_t k = 0; k < n; ++k) {
    if (norm(column(k, every)) < kMoves) {
      out.left.push_back({k, "no run's prediction depends on it"});
      continue;
    }
    open[norm(column(k, rows[kFirstToken])) > norm(column(k, rows[kDecode])) ? kFirstToken : kDecode].push_back(k);
  }
  for (size_t kind : {kDecode, kFirstToken}) {
    Vector misfit;
    for (size_t i : rows[kind]) misfit.push_back(residual[i]);
    const size_t most = cap(rows[kind].size());
    auto chosen = pursue(open[kind], [&](size_t k) { return column(k, rows[kind]); }, misfit, most, out.left);
    for (size_t k : chosen) out.chosen.push_back(k), out.kinds.push_back(kind);
    for (size_t k : open[kind])
      out.left.push_back({k, fmt::format("{} {} pin at most {} {} that mainly {} {}", rows[kind].size(),
                                         plural(rows[kind].size(), kind == kFirstToken ? "TTFT run" : "decode run"),
                                         most, plural(most, "constant"), most == 1 ? "moves" : "move",
                                         kind == kFirstToken ? "TTFT" : "TPOT and throughput")});
  }
  // Reported in the knobs' order, whatever order they were chosen in.
  std::vector<size_t> order(out.chosen.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return out.chosen[a] < out.chosen[b]; });
  Choice sorted;
  for (size_t i : order) sorted.chosen.push_back(out.chosen[i]), sorted.kinds.push_back(out.kinds[i]);
  sorted.left = std::move(out.left);
  std::stable_sort(sorted.left.begin(), sorted.left.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return sorted;
}

}  // namespace tco::calibrate
