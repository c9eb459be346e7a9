// Only what the runs pin is fitted: a constant that moves no prediction, or moves them as a
// mix of constants already chosen does, cannot be told from them by these runs, and fitting
// it would only pick a value at random; it keeps the base's value, and the module says why.
#include "compiler/calibrate/fit.h"

#include <fmt/format.h>
#include <nlopt.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numeric>
#include <optional>

namespace tco::calibrate {

namespace {
// TTFT counts half: it carries what the model does not capture of an engine's admission and
// queueing, and at full weight it pulls the constants every other figure rests on.
double weight(const Measurement& m) { return m.metric.text == "ttft" ? 0.5 : 1.0; }
// 1 for a first-token time, 0 for a decode figure (TPOT or a rate).
size_t kind_of(const Measurement& m) { return m.metric.text == "ttft" ? 1 : 0; }
std::string plural(size_t n, const std::string& word) { return n == 1 ? word : word + "s"; }
}  // namespace

double log_distance(const Knob& k, double value, double base) {
  return std::log((value + k.negligible) / (base + k.negligible));
}

const std::vector<Knob>& knobs() {
  static const std::vector<Knob> k = {
      {{"memory_efficiency", ""}, 0.3, 1.0, 0.01, "share of peak memory bandwidth a decode step's reads reach"},
      {{"compute_efficiency", ""}, 0.1, 1.0, 0.01, "share of the matrix peak decode reaches at large batches"},
      {{"prefill_efficiency", ""}, 0.1, 1.0, 0.01, "share of the matrix peak prompt processing reaches"},
      {{"layer_overhead", "us"}, 0.0, 300.0, 5.0, "fixed cost per layer per step"},
      {{"sequence_overhead", "us"}, 0.0, 300.0, 2.0, "cost per running sequence per step"},
      {{"ttft_overhead", "ms"}, 0.0, 1000.0, 10.0, "per request before its first token"},
      {{"prompt_queueing", ""}, 0.0, 1.0, 0.01, "share of the other running prompts a new one waits for"},
  };
  return k;
}

std::vector<double> measured(const std::vector<Measurement>& runs, const std::vector<double>& unit_factors) {
  std::vector<double> out;
  for (size_t i = 0; i < runs.size(); ++i) out.push_back(runs[i].value / unit_factors[i]);
  return out;
}

std::vector<double> log_errors(const std::vector<Measurement>& runs, const std::vector<std::vector<double>>& f,
                               const std::vector<double>& measured) {
  std::vector<double> out;
  for (size_t i = 0; i < runs.size(); ++i) {
    double p = f[i][metric_index(runs[i].metric.text)];
    // A run the model cannot price (it does not fit) counts as far off, not as ignored.
    out.push_back(std::isfinite(p) && p > 0 ? std::log(p / measured[i]) : std::log(100.0));
  }
  return out;
}

std::vector<std::vector<double>> sensitivity(Evaluator& e, const std::vector<Measurement>& runs,
                                             const std::vector<double>& measured, const std::vector<double>& base) {
  constexpr double kStep = 1.05;
  std::vector<std::vector<double>> out(runs.size(), std::vector<double>(base.size()));
  for (size_t k = 0; k < base.size(); ++k) {
    auto up = base, down = base;
    up[k] *= kStep;
    down[k] /= kStep;
    auto lu = log_errors(runs, e.figures(up), measured);
    auto ld = log_errors(runs, e.figures(down), measured);
    for (size_t i = 0; i < runs.size(); ++i)
      out[i][k] = std::sqrt(weight(runs[i])) * (lu[i] - ld[i]) / (2 * std::log(kStep));
  }
  return out;
}

std::vector<double> weighted_log_errors(const std::vector<Measurement>& runs, const std::vector<double>& logs) {
  std::vector<double> out;
  for (size_t i = 0; i < runs.size(); ++i) out.push_back(std::sqrt(weight(runs[i])) * logs[i]);
  return out;
}

Choice choose(const std::vector<std::vector<double>>& sensitivity, const std::vector<double>& residual,
              const std::vector<Measurement>& runs) {
  constexpr double kMoves = 0.05;     // a 1% change moves some prediction by at least 0.05%
  constexpr double kDistinct = 0.25;  // and a quarter of its effect is its own
  const size_t n = knobs().size();
  auto column = [&](size_t k) {
    std::vector<double> c;
    for (const auto& row : sensitivity) c.push_back(row[k]);
    return c;
  };
  auto dot = [](const std::vector<double>& a, const std::vector<double>& b) {
    return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
  };
  auto norm = [&](const std::vector<double>& v) { return std::sqrt(dot(v, v)); };
  // The runs of each kind of figure pin their own constants: two first-token times cannot
  // pin a prompt speed, a fixed overhead and a queueing share, however many decode rates
  // come with them. A knob belongs to the kind it moves most.
  std::array<size_t, 2> of_kind{};
  for (const auto& r : runs) ++of_kind[kind_of(r)];
  auto kind_of_knob = [&](size_t k) {
    std::array<double, 2> moved{};
    for (size_t i = 0; i < runs.size(); ++i) moved[kind_of(runs[i])] += sensitivity[i][k] * sensitivity[i][k];
    return moved[1] > moved[0] ? size_t{1} : size_t{0};
  };
  auto cap = [](size_t count) { return count > 1 ? count - 1 : size_t{1}; };  // one run's worth of slack
  const size_t most = cap(runs.size());
  std::array<size_t, 2> taken{};

  Choice out;
  std::vector<size_t> open;
  for (size_t k = 0; k < n; ++k) {
    if (norm(column(k)) < kMoves)
      out.left.push_back({k, "no run's prediction depends on it"});
    else
      open.push_back(k);
  }
  // Greedy, like orthogonal matching pursuit: next the knob that explains most of what the
  // chosen ones leave of the misfit, so that of two knobs the runs could both blame, the one
  // whose pattern across the runs matches the misfit's is fitted.
  std::vector<std::vector<double>> basis;  // orthonormal, spanning the chosen columns
  std::vector<double> rest_of_misfit = residual;
  while (!open.empty()) {
    std::optional<size_t> best;
    double best_score = -1;
    std::vector<double> best_c;
    for (size_t j = 0; j < open.size();) {
      const size_t k = open[j];
      auto c = column(k);
      const double own = norm(c);
      for (const auto& b : basis) {
        double d = dot(c, b);
        for (size_t i = 0; i < c.size(); ++i) c[i] -= d * b[i];
      }
      const double rest = norm(c);
      if (rest < kDistinct * own) {
        out.left.push_back({k, "these runs cannot tell it from the constants fitted"});
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(j));
        continue;
      }
      const size_t kind = kind_of_knob(k);
      if (out.chosen.size() < most && taken[kind] < cap(of_kind[kind])) {
        double score = std::abs(dot(c, rest_of_misfit)) / rest;
        if (score > best_score) best_score = score, best = j, best_c = std::move(c);
      }
      ++j;
    }
    if (!best) break;
    const double rest = norm(best_c);
    for (auto& x : best_c) x /= rest;
    const double d = dot(rest_of_misfit, best_c);
    for (size_t i = 0; i < rest_of_misfit.size(); ++i) rest_of_misfit[i] -= d * best_c[i];
    basis.push_back(std::move(best_c));
    out.chosen.push_back(open[*best]);
    ++taken[kind_of_knob(open[*best])];
    open.erase(open.begin() + static_cast<std::ptrdiff_t>(*best));
  }
  for (size_t k : open) {
    const size_t kind = kind_of_knob(k);
    if (out.chosen.size() >= most)
      out.left.push_back({k, fmt::format("{} {} pin at most {} {}", runs.size(), plural(runs.size(), "run"), most,
                                         plural(most, "constant"))});
    else
      out.left.push_back({k, fmt::format("{} {} pin at most {} {} that mainly {}", of_kind[kind],
                                         plural(of_kind[kind], kind ? "TTFT run" : "decode run"), cap(of_kind[kind]),
                                         plural(cap(of_kind[kind]), "constant"),
                                         kind ? "moves TTFT" : "moves TPOT and throughput")});
  }
  // Reported in the knobs' order, whatever order they were chosen in.
  std::sort(out.chosen.begin(), out.chosen.end());
  std::stable_sort(out.left.begin(), out.left.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

namespace {

struct Search {
  Evaluator* e;
  const std::vector<Measurement>* runs;
  const std::vector<double>* measured;
  const std::vector<size_t>* chosen;
  std::vector<double> full;  // every knob's value: the base's, with the chosen ones moved
  std::vector<double> base;
  double prior;
};

double objective(unsigned n, const double* x, double*, void* data) {
  auto* p = static_cast<Search*>(data);
  for (unsigned i = 0; i < n; ++i) p->full[(*p->chosen)[i]] = x[i];
  double sum = 0;
  auto logs = log_errors(*p->runs, p->e->figures(p->full), *p->measured);
  for (size_t i = 0; i < logs.size(); ++i) sum += weight((*p->runs)[i]) * logs[i] * logs[i];
  // The prior: each chosen constant's log distance from the base.
  for (unsigned i = 0; i < n; ++i) {
    const size_t k = (*p->chosen)[i];
    const double d = log_distance(knobs()[k], x[i], p->base[k]);
    sum += p->prior * d * d;
  }
  return sum;
}

}  // namespace

FitResult fit(Evaluator& e, const std::vector<Measurement>& runs, const std::vector<double>& measured,
              const std::vector<size_t>& chosen, const std::vector<double>& start, double prior) {
  Search p{&e, &runs, &measured, &chosen, start, start, prior};
  FitResult out;
  std::vector<double> x, lo, hi;
  for (size_t k : chosen) {
    lo.push_back(knobs()[k].lo);
    hi.push_back(knobs()[k].hi);
    x.push_back(std::clamp(start[k], lo.back(), hi.back()));
  }
  if (!chosen.empty()) {
    std::unique_ptr<nlopt_opt_s, void (*)(nlopt_opt)> opt(nlopt_create(NLOPT_LN_BOBYQA, static_cast<unsigned>(x.size())),
                                                          nlopt_destroy);
    if (!opt) throw std::bad_alloc();
    nlopt_set_lower_bounds(opt.get(), lo.data());
    nlopt_set_upper_bounds(opt.get(), hi.data());
    nlopt_set_min_objective(opt.get(), objective, &p);
    nlopt_set_xtol_rel(opt.get(), 1e-5);
    nlopt_set_maxeval(opt.get(), 2000);
    double f = 0;
    nlopt_optimize(opt.get(), x.data(), &f);  // a stop at maxeval still leaves the best point in x
  }
  for (size_t i = 0; i < chosen.size(); ++i) {
    p.full[chosen[i]] = x[i];
    out.values.push_back(x[i]);
    out.at_bound.push_back(x[i] <= lo[i] + 1e-6 * (hi[i] - lo[i]) || x[i] >= hi[i] - 1e-6 * (hi[i] - lo[i]));
  }
  out.full = p.full;
  auto logs = log_errors(runs, e.figures(p.full), measured);
  double sum = 0;
  for (double l : logs) {
    out.errors.push_back(std::exp(l) - 1);
    sum += l * l;
  }
  out.rms_log = runs.empty() ? 0 : std::sqrt(sum / static_cast<double>(runs.size()));
  return out;
}

}  // namespace tco::calibrate
