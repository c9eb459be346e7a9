// The sweep's first axis is the candidate, so its first `runs` points are candidate 0's.
#include "compiler/calibrate/evaluate.h"

#include <cmath>

#include "compiler/calibrate/measurements.h"
#include "compiler/interp/interp.h"

namespace tco::calibrate {
namespace {

// Large, distinct and exactly representable: no stdlib constant or run holds them.
double marker(size_t constant, size_t candidate) { return 987654.0 + 16.0 * constant + 0.5 * candidate; }

struct Collect {
  TcoSink sink;
  std::vector<std::vector<double>>* out;
  size_t width;
};

void add(TcoSink* self, uint64_t index, const double* values) {
  auto* c = reinterpret_cast<Collect*>(self);
  (*c->out)[index].assign(values, values + c->width);
}

std::vector<std::vector<double>> run(const ir::Kernel& k, uint64_t points, size_t width) {
  std::vector<std::vector<double>> out(points);
  Collect c{TcoSink{add, NAN, 0, 0, nullptr, 0}, &out, width};
  interp::run_chunk(k, 0, points, &c.sink);
  return out;
}

}  // namespace

std::vector<std::vector<double>> marker_points(size_t constants) {
  std::vector<std::vector<double>> p(2);
  for (size_t k = 0; k < 2; ++k)
    for (size_t i = 0; i < constants; ++i) p[k].push_back(marker(i, k));
  return p;
}

std::optional<Evaluator> Evaluator::make(const ir::Program& prog, size_t runs, size_t constants) {
  if (prog.studies.size() != 1 || prog.reports.size() != 2) return std::nullopt;
  const auto& study = prog.studies[0];
  const size_t width = 2 + metrics().size();
  if (study.kernel.axes.size() != 2 || study.kernel.axes[1].size != runs || study.columns.size() != width)
    return std::nullopt;
  Evaluator e;
  e.kernel_ = study.kernel;
  e.runs_ = runs;
  for (const auto& col : study.columns) e.scales_.push_back(col.scale);
  for (size_t i = 0; i < constants; ++i) {
    const std::vector<double> want = {marker(i, 0), marker(i, 1)};
    size_t t = 0;
    while (t < e.kernel_.tables.size() && e.kernel_.tables[t] != want) ++t;
    if (t == e.kernel_.tables.size()) return std::nullopt;  // the constant is unused: nothing to fit
    e.tables_.push_back(t);
  }
  auto values = [](const ir::ReportItem& r) {
    auto v = run(r.kernel, 1, r.kernel.outputs.size())[0];
    for (size_t i = 0; i < r.rows.size(); ++i) v[i] /= r.rows[i].scale;
    return v;
  };
  e.units_ = values(prog.reports[0]);
  e.base_ = values(prog.reports[1]);
  if (e.units_.size() != runs || e.base_.size() != constants) return std::nullopt;
  return e;
}

std::vector<std::vector<double>> Evaluator::figures(const std::vector<double>& values) {
  for (size_t i = 0; i < tables_.size(); ++i) kernel_.tables[tables_[i]][0] = values[i];
  auto rows = run(kernel_, runs_, scales_.size());
  std::vector<std::vector<double>> out;
  for (const auto& r : rows) {
    out.emplace_back();
    for (size_t j = 2; j < r.size(); ++j) out.back().push_back(r[j] / scales_[j]);
  }
  return out;
}

}  // namespace tco::calibrate
