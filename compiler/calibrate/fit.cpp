// Only what the runs pin is fitted: a constant that moves no prediction, or moves them as a
// mix of constants already chosen does, cannot be told from them by these runs, and fitting
// it would only pick a value at random; it keeps the base's value, and the module says why.
#include "compiler/calibrate/fit.h"

#include <fmt/format.h>
#include <nlopt.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

namespace tco::calibrate {

namespace {
// TTFT counts half: it carries what the model does not capture of an engine's admission and
// queueing, and at full weight it pulls the constants every other figure rests on.
double weight(const Measurement& m) { return m.metric.text == "ttft" ? 0.5 : 1.0; }
}  // namespace

const std::vector<Knob>& knobs() {
  static const std::vector<Knob> k = {
      {{"memory_efficiency", ""}, 0.3, 1.0, "share of peak memory bandwidth a decode step's reads reach"},
      {{"compute_efficiency", ""}, 0.1, 1.0, "share of the matrix peak decode reaches at large batches"},
      {{"prefill_efficiency", ""}, 0.1, 1.0, "share of the matrix peak prompt processing reaches"},
      {{"layer_overhead", "us"}, 0.0, 300.0, "fixed cost per layer per step"},
      {{"sequence_overhead", "us"}, 0.0, 300.0, "cost per running sequence per step"},
      {{"ttft_overhead", "ms"}, 0.0, 1000.0, "per request before its first token"},
      {{"prompt_queueing", ""}, 0.0, 1.0, "share of the other running prompts a new one waits for"},
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

Choice choose(const std::vector<std::vector<double>>& sensitivity, size_t runs) {
  constexpr double kMoves = 0.05;     // a 1% change moves some prediction by at least 0.05%
  constexpr double kDistinct = 0.25;  // and a quarter of its effect is its own
  const size_t n = knobs().size();
  auto column = [&](size_t k) {
    std::vector<double> c;
    for (const auto& row : sensitivity) c.push_back(row[k]);
    return c;
  };
  auto norm = [](const std::vector<double>& v) { return std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0)); };
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return norm(column(a)) > norm(column(b)); });
  Choice out;
  std::vector<std::vector<double>> basis;  // orthonormal, spanning the chosen columns
  const size_t most = runs > 1 ? runs - 1 : 1;  // keep one run's worth of slack
  for (size_t k : order) {
    auto c = column(k);
    const double own = norm(c);
    if (own < kMoves) {
      out.left.push_back({k, "no run's prediction depends on it"});
      continue;
    }
    for (const auto& b : basis) {
      double d = std::inner_product(c.begin(), c.end(), b.begin(), 0.0);
      for (size_t i = 0; i < c.size(); ++i) c[i] -= d * b[i];
    }
    const double rest = norm(c);
    if (rest < kDistinct * own) {
      out.left.push_back({k, "these runs cannot tell it from the constants fitted"});
      continue;
    }
    if (out.chosen.size() >= most) {
      out.left.push_back({k, fmt::format("{} runs pin at most {} constants", runs, most)});
      continue;
    }
    for (auto& x : c) x /= rest;
    basis.push_back(std::move(c));
    out.chosen.push_back(k);
  }
  return out;
}

namespace {

struct Search {
  Evaluator* e;
  const std::vector<Measurement>* runs;
  const std::vector<double>* measured;
  const std::vector<size_t>* chosen;
  std::vector<double> full;  // every knob's value: the base's, with the chosen ones moved
};

double objective(unsigned n, const double* x, double*, void* data) {
  auto* p = static_cast<Search*>(data);
  for (unsigned i = 0; i < n; ++i) p->full[(*p->chosen)[i]] = x[i];
  double sum = 0;
  auto logs = log_errors(*p->runs, p->e->figures(p->full), *p->measured);
  for (size_t i = 0; i < logs.size(); ++i) sum += weight((*p->runs)[i]) * logs[i] * logs[i];
  return sum;
}

}  // namespace

FitResult fit(Evaluator& e, const std::vector<Measurement>& runs, const std::vector<double>& measured,
              const std::vector<size_t>& chosen, const std::vector<double>& start) {
  Search p{&e, &runs, &measured, &chosen, start};
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
