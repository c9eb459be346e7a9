// The fit is staged like the choice (choose.cpp): the decode constants to the decode runs
// first, then the first-token constants with the decode constants held, so that a
// first-token time the model misses badly cannot bend the decode step's constants.
#include "compiler/calibrate/fit.h"

#include <nlopt.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace tco::calibrate {

size_t kind_of(const Measurement& m) { return m.metric.text == "ttft" ? kFirstToken : kDecode; }

namespace {
// Each run weighs as the inverse square of how far the model misses its kind of figure.
double weight(const Measurement& m) {
  const double miss = kind_of(m) == kFirstToken ? kFirstTokenError : kRunError;
  return (kRunError / miss) * (kRunError / miss);
}
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

namespace {

constexpr size_t kEvery = 2;

struct Search {
  Evaluator* e;
  const std::vector<Measurement>* runs;
  const std::vector<double>* measured;
  std::vector<size_t> chosen;  // this stage's knobs
  size_t kind;                 // this stage's runs: one kind, or kEvery
  std::vector<double> full;    // every knob's value: the base's, with the chosen ones moved
  std::vector<double> base;
  double prior;
};

double objective(unsigned n, const double* x, double*, void* data) {
  auto* p = static_cast<Search*>(data);
  for (unsigned i = 0; i < n; ++i) p->full[p->chosen[i]] = x[i];
  double sum = 0;
  auto logs = log_errors(*p->runs, p->e->figures(p->full), *p->measured);
  for (size_t i = 0; i < logs.size(); ++i)
    if (p->kind == kEvery || kind_of((*p->runs)[i]) == p->kind) sum += weight((*p->runs)[i]) * logs[i] * logs[i];
  // The prior: each chosen constant's log distance from the base.
  for (unsigned i = 0; i < n; ++i) {
    const size_t k = p->chosen[i];
    const double d = log_distance(knobs()[k], x[i], p->base[k]);
    sum += p->prior * d * d;
  }
  return sum;
}

// Moves p.chosen in p.full to the stage's minimum (BOBYQA from the base: deterministic).
void search(Search& p) {
  std::vector<double> x, lo, hi;
  for (size_t k : p.chosen) {
    lo.push_back(knobs()[k].lo);
    hi.push_back(knobs()[k].hi);
    x.push_back(std::clamp(p.full[k], lo.back(), hi.back()));
  }
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
  for (size_t i = 0; i < p.chosen.size(); ++i) p.full[p.chosen[i]] = x[i];
}

}  // namespace

FitResult fit(Evaluator& e, const std::vector<Measurement>& runs, const std::vector<double>& measured,
              const Choice& choice, const std::vector<double>& start, double prior) {
  // The decode knobs to the decode runs; the first-token knobs to every run (in a closed
  // loop a faster first token leaves more sequences decoding, so they move the decode figures
  // too, and those must hold); the decode knobs again, the first-token ones now moved.
  Search p{&e, &runs, &measured, {}, kDecode, start, start, prior};
  for (auto [knob_kind, run_kind] : {std::pair{kDecode, kDecode}, {kFirstToken, kEvery}, {kDecode, kDecode}}) {
    p.chosen.clear();
    p.kind = run_kind;
    for (size_t i = 0; i < choice.chosen.size(); ++i)
      if (choice.kinds[i] == knob_kind) p.chosen.push_back(choice.chosen[i]);
    if (!p.chosen.empty()) search(p);
  }
  FitResult out;
  for (size_t k : choice.chosen) {
    const auto& knob = knobs()[k];
    const double x = p.full[k], slack = 1e-6 * (knob.hi - knob.lo);
    out.values.push_back(x);
    out.at_bound.push_back(x <= knob.lo + slack || x >= knob.hi - slack);
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
