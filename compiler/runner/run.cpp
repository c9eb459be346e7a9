#include "compiler/runner/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <vector>

#include "compiler/interp/interp.h"
#include "compiler/runner/assemble.h"
#include "compiler/runner/non_finite.h"
#include "compiler/runner/plot_shape.h"
#include "runtime/format.h"
#include "runtime/quantile_sketch.h"

namespace tco::runner {
namespace {

// Collects the single point of a report or assert.
struct OnePoint : TcoSink {
  std::vector<double> values;
  static void take(TcoSink* self, uint64_t, const double* v) {
    auto* s = static_cast<OnePoint*>(self);
    std::copy(v, v + s->values.size(), s->values.begin());
  }
  explicit OnePoint(size_t n) : values(n, NAN) {
    add = &take;
    threshold = NAN;
    use_threshold = 0;
    maximize = 0;
    group_threshold = nullptr;
    kept = 0;
  }
};

std::vector<double> one_point(const ir::Kernel& k, const rt::ChunkFn& fn) {
  OnePoint sink(k.outputs.size());
  fn(0, 1, &sink);
  return sink.values;
}

// A plain sweep under `--out`: rows go to the file in index order as they come, on one
// thread (the file's order is the index order), never held in memory.
struct CsvSink : TcoSink {
  const ir::StudyItem* study;
  const ir::Program* prog;
  rt::CsvOut* file;
  std::vector<rt::Cell> cells;
  NonFiniteTally* tally;
  bool out_of_memory = false;
  // Called from native kernels, which an exception cannot unwind through.
  static void take(TcoSink* self, uint64_t, const double* v) noexcept {
    auto* s = static_cast<CsvSink*>(self);
    if (s->out_of_memory) return;
    try {
      for (size_t i = 0; i < s->cells.size(); ++i) s->cells[i] = make_cell(s->study->columns[i], v[i], *s->prog);
      s->tally->add_row(s->cells);
      s->file->row(s->cells);
    } catch (const std::bad_alloc&) {
      s->out_of_memory = true;
    }
  }
};

void stream_study(const ir::StudyItem& s, const ir::Program& prog, const rt::ChunkFn& fn, rt::CsvOut& file,
                  rt::RunResult& out, Diagnostics& diags) {
  rt::Table t = study_header(s);
  file.begin_table(s.title, t.columns);
  CsvSink sink;
  sink.add = &CsvSink::take;
  sink.threshold = NAN;
  sink.use_threshold = 0;
  sink.maximize = 0;
  sink.group_threshold = nullptr;
  sink.kept = 0;
  sink.study = &s;
  sink.prog = &prog;
  sink.file = &file;
  sink.cells.resize(s.columns.size());
  NonFiniteTally tally(s.columns.size());
  sink.tally = &tally;
  uint64_t total = s.kernel.points();
  fn(0, total, &sink);
  if (sink.out_of_memory) throw std::bad_alloc();  // tcoc_main says so (exit 3)
  tally.report(s.columns, sink.kept, diags);
  t.notes.push_back(fmt::format("{} of {} points written to {}", rt::format_human(double(sink.kept), rt::NumberStyle::Count),
                                rt::format_human(double(total), rt::NumberStyle::Count), file.path()));
  out.order.push_back({rt::ItemKind::Sweep, out.sweeps.size()});
  out.sweeps.push_back(std::move(t));
}

// The points a chart draws besides the table's rows: every point of a Pareto sweep that met
// `where` (the frontier alone hides what it was chosen from), the first samples of a
// simulation. A second pass over the kernel, keeping rows in index order as a plain sweep
// does, so the cloud is the same on either engine and any thread count.
void collect_cloud(const ir::StudyItem& s, const ir::Program& prog, const rt::ChunkFn& fn, rt::ExecLayout layout,
                   const RunOptions& opts, rt::plot::StudyShape& shape) {
  rt::ReduceSpec all;
  all.kind = rt::ReduceSpec::All;
  all.width = s.columns.size();
  uint64_t points = s.kernel.points();
  all.max_rows = rt::plot::kCloudCap;
  if (s.simulation) {
    points = std::min(points, rt::plot::kSampleCap);
    all.max_rows = rt::plot::kSampleCap;
  }
  layout.key_axis = -1;  // no per-group thresholds: every point is reported
  rt::ExecOptions eo;
  eo.threads = opts.threads;
  eo.progress = opts.progress;
  eo.title = s.title;
  auto result = rt::execute(points, all, layout, fn, eo);
  if (result.overflowed || result.out_of_memory) {
    shape.cloud_overflowed = true;
    return;
  }
  for (const auto& row : result.reducer.finish()) {
    std::vector<rt::Cell> cells;
    cells.reserve(row.size());
    for (size_t i = 0; i < row.size(); ++i) cells.push_back(make_cell(s.columns[i], row[i], prog));
    shape.cloud.push_back(std::move(cells));
  }
}

std::string human_bytes(double b) {
  if (b >= 1e12) return fmt::format("{:.3g} TB", b / 1e12);
  if (b >= 1e9) return fmt::format("{:.3g} GB", b / 1e9);
  return fmt::format("{:.3g} MB", b / 1e6);
}

// Exact percentiles keep every sample: 8 bytes per percentile column, kept twice for a
// moment while the threads' parts are merged. With a `where` only running tells how many
// pass, so the count of points bounds it. When they would not fit in the machine's memory
// (or `--percentiles sketch` says so), a sketch takes their place and the table says so;
// `--percentiles exact` refuses instead (E0304), before running rather than killed midway.
struct PercentilePlan {
  bool refused = false;
  std::string note;  // under the table when sketched
};

PercentilePlan plan_percentiles(const ir::StudyItem& s, rt::ReduceSpec& spec, uint64_t total, const RunOptions& opts,
                                Diagnostics& diags) {
  PercentilePlan plan;
  auto columns = std::count_if(spec.aggs.begin(), spec.aggs.end(),
                               [](const rt::AggSpec& a) { return a.kind == rt::Agg::Percentile; });
  if (spec.kind != rt::ReduceSpec::Summary || columns == 0) return plan;
  const double need = double(total) * 8.0 * double(columns) * 2.0;
  const uint64_t have = rt::physical_memory();
  const bool fits = have == 0 || need <= double(have);
  const char* what = s.simulation ? "sample" : "point";
  if (opts.percentiles == RunOptions::Percentiles::Exact && !fits) {
    diags.report<DiagKind::OutOfMemory>(s.span, s.simulation ? "simulation" : "sweep", s.title)
        .note(fmt::format("its exact percentiles keep every {}: {} of them need about {}, more than this machine's memory",
                          what, rt::format_human(double(total), rt::NumberStyle::Count), human_bytes(need)))
        .hint(s.simulation ? "draw fewer samples, or drop `--percentiles exact` for percentiles within 0.5%"
                           : "narrow the axes, or drop `--percentiles exact` for percentiles within 0.5%");
    plan.refused = true;
    return plan;
  }
  if (opts.percentiles == RunOptions::Percentiles::Exact || (opts.percentiles == RunOptions::Percentiles::Auto && fits))
    return plan;
  for (auto& a : spec.aggs)
    if (a.kind == rt::Agg::Percentile) a.kind = rt::Agg::Sketch;
  plan.note = fmt::format("percentiles from a streaming sketch, each within {}% of the exact value", 100 * rt::QuantileSketch::kRelativeError);
  if (!fits)
    plan.note += fmt::format(" (exactly, {} {}s would need about {} of memory)",
                             rt::format_human(double(total), rt::NumberStyle::Count), what, human_bytes(need));
  return plan;
}

// E0304 after running out of memory: what the reduction was keeping.
void report_out_of_memory(const ir::StudyItem& s, const rt::ReduceSpec& spec, Diagnostics& diags) {
  std::string keeps;
  switch (spec.kind) {
    case rt::ReduceSpec::Summary: keeps = "percentiles keep every sample"; break;
    case rt::ReduceSpec::Pareto: keeps = "`pareto` keeps every point of the frontier"; break;
    case rt::ReduceSpec::Best: keeps = "`best ... by` keeps a row for every group"; break;
    case rt::ReduceSpec::Top: keeps = "`top` keeps its rows"; break;
    case rt::ReduceSpec::All: keeps = "a sweep keeps every row it prints"; break;
  }
  diags.report<DiagKind::OutOfMemory>(s.span, s.simulation ? "simulation" : "sweep", s.title)
      .note("memory ran out while it ran: " + keeps)
      .hint(s.simulation ? "draw fewer samples" : "narrow the axes, or keep fewer rows (`top N`, a coarser `best ... by`)");
}

// Per study, its rows (raw kernel outputs) once it has run, if it is bound.
using StudyResults = std::vector<std::optional<std::vector<std::vector<double>>>>;

// A copy of `k` whose study tables hold the studies' one row; null after E0305 when a study
// found no row to give (nothing met its `where`).
std::shared_ptr<const ir::Kernel> with_results(const ir::Program& prog, const ir::Kernel& k,
                                               const StudyResults& results, Diagnostics& diags) {
  auto bound = std::make_shared<ir::Kernel>(k);
  for (const auto& read : k.reads) {
    const auto& rows = results[read.study];
    const ir::StudyItem& s = prog.studies[read.study];
    // ir::order_by_reads runs every study before its readers.
    if (!rows) throw std::logic_error(fmt::format("`{}` is read before it ran", s.binding));
    if (rows->empty()) {
      diags.report<DiagKind::StudyHasNoRow>(s.span, s.simulation ? "simulation" : "sweep", s.binding)
          .note(s.kernel.where.empty() ? "it has no point" : "no point met its `where`")
          .hint("loosen its `where`, or widen its axes");
      return nullptr;
    }
    bound->tables[read.table] = rows->front();
  }
  return bound;
}

// The shown row of a study whose columns combine summaries: its post kernel over the
// summarised row, read as the study's own result. One point, on the interpreter.
std::vector<double> post_row(const ir::Kernel& post, const std::vector<double>& summaries) {
  ir::Kernel k = post;
  for (const auto& read : k.reads) k.tables[read.table] = summaries;
  OnePoint sink(k.outputs.size());
  interp::run_chunk(k, 0, 1, &sink);
  return sink.values;
}

bool run_study(const ir::StudyItem& s, const ir::Program& prog, const rt::ChunkFn& fn, const RunOptions& opts,
               rt::RunResult& out, Diagnostics& diags, std::optional<std::vector<std::vector<double>>>& rows_out) {
  const ir::Kernel& k = s.kernel;
  uint64_t total = k.points();
  if (total > opts.max_points) {
    bool lowered = opts.max_points < RunOptions{}.max_points;
    diags.report<DiagKind::SweepTooLarge>(s.span, s.simulation ? "simulation" : "sweep", s.title,
                 rt::format_human(double(total), rt::NumberStyle::Count), s.simulation ? "samples" : "points",
                 rt::format_human(double(opts.max_points), rt::NumberStyle::Count))
        .hint(s.simulation ? "draw fewer samples" + std::string(lowered ? ", or raise `--max-points`" : "")
                           : "narrow the axes: coarser steps, fewer values, or split the sweep" +
                                 std::string(lowered ? "; or raise `--max-points`" : ""));
    return false;
  }
  rt::ReduceSpec spec = s.reduce;
  spec.max_rows = opts.max_rows;
  if (spec.kind == rt::ReduceSpec::All && opts.out && !s.simulation && s.binding.empty()) {
    stream_study(s, prog, fn, *opts.out, out, diags);
    if (opts.shapes) {
      opts.shapes->push_back(study_shape(s));
      opts.shapes->back().streamed = true;
      opts.shapes->back().table = out.sweeps.size() - 1;
    }
    return true;
  }
  if (spec.kind == rt::ReduceSpec::All && k.where.empty() && total > opts.max_rows) {
    diags.report<DiagKind::TooManyRows>(s.span, s.title, rt::format_human(double(total), rt::NumberStyle::Count))
        .hint("reduce it with `best min ... by ...`, `top N by ...` or `pareto`, summarise it with `show "
              "mean(x)`, or stream every row to a file with `--out rows.csv`");
    return false;
  }
  rt::ExecOptions eo;
  eo.threads = opts.threads;
  eo.progress = opts.progress;
  eo.title = s.title;
  rt::ExecLayout layout{k.outputs.size(), k.objectives.size(), k.keys.size()};
  if (k.key_axis >= 0) {
    layout.key_axis = k.key_axis;
    for (size_t a = static_cast<size_t>(k.key_axis) + 1; a < k.axes.size(); ++a) layout.key_stride *= k.axes[a].size;
    layout.key_size = k.axes[static_cast<size_t>(k.key_axis)].size;
  }
  const PercentilePlan percentiles = plan_percentiles(s, spec, total, opts, diags);
  if (percentiles.refused) return false;
  auto result = rt::execute(total, spec, layout, fn, eo);
  if (result.out_of_memory) {
    report_out_of_memory(s, spec, diags);
    return false;
  }
  if (result.overflowed) {
    diags.report<DiagKind::TooManyRows>(s.span, s.title,
                 "more than " + rt::format_human(double(opts.max_rows), rt::NumberStyle::Count))
        .hint("reduce it with `best min ... by ...`, `top N by ...` or `pareto`, or filter it with `where`");
    return false;
  }
  std::vector<std::vector<double>> rows = result.reducer.finish();
  if (s.post) rows = {post_row(*s.post, rows.front())};
  assemble_study(s, prog, rows, total, result.kept, out);
  if (!s.binding.empty()) rows_out = std::move(rows);
  rt::Table& table = s.simulation ? out.simulations.back() : out.sweeps.back();
  if (!percentiles.note.empty()) {
    table.notes.push_back(percentiles.note);
    table.percentile_error = rt::QuantileSketch::kRelativeError;
  }
  NonFiniteTally tally(s.columns.size());
  for (const auto& row : table.rows) tally.add_row(row);
  tally.report(s.columns, table.rows.size(), diags);
  // A chart of summary expressions would need the samples of each column, which have none.
  if (opts.shapes && !s.post) {
    rt::plot::StudyShape shape = study_shape(s);
    shape.table = (s.simulation ? out.simulations.size() : out.sweeps.size()) - 1;
    if (s.simulation || spec.kind == rt::ReduceSpec::Pareto) collect_cloud(s, prog, fn, layout, opts, shape);
    opts.shapes->push_back(std::move(shape));
  }
  return true;
}

}  // namespace

KernelFor interpreter_kernels(const ir::Program& prog) {
  return [&prog](ir::ItemKind kind, size_t i, std::shared_ptr<const ir::Kernel> bound) -> rt::ChunkFn {
    const ir::Kernel* k = bound ? bound.get() : &prog.kernel(kind, i);
    return [k, bound](uint64_t b, uint64_t e, TcoSink* sink) { interp::run_chunk(*k, b, e, sink); };
  };
}

bool run_program(const ir::Program& prog, const KernelFor& kernels, const RunOptions& opts, rt::RunResult& out,
                 Diagnostics& diags) {
  StudyResults results(prog.studies.size());
  for (const auto& ref : prog.order) {
    if (opts.only && !opts.only->wants(ref.kind, ref.index)) continue;
    std::shared_ptr<const ir::Kernel> bound;
    if (!prog.kernel(ref.kind, ref.index).reads.empty()) {
      bound = with_results(prog, prog.kernel(ref.kind, ref.index), results, diags);
      if (!bound) return false;
    }
    rt::ChunkFn fn = kernels(ref.kind, ref.index, bound);
    switch (ref.kind) {
      case ir::ItemKind::Report: {
        const auto& r = prog.reports[ref.index];
        assemble_report(r, prog, one_point(r.kernel, fn).data(), out);
        NonFiniteTally tally(r.rows.size());
        for (size_t i = 0; i < r.rows.size(); ++i) tally.add(i, out.reports.back().rows[i].value);
        tally.report(r.rows, 0, diags);
        break;
      }
      case ir::ItemKind::Study:
        if (!run_study(prog.studies[ref.index], prog, fn, opts, out, diags, results[ref.index])) return false;
        break;
      case ir::ItemKind::Assert: {
        const auto& a = prog.asserts[ref.index];
        assemble_assert(a, prog, one_point(a.kernel, fn).data(), out);
        break;
      }
    }
  }
  return true;
}

}  // namespace tco::runner
