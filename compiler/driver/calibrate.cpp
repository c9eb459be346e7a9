// The command: read and check the runs (each problem at its cell), compile the plan that
// prices them (the compiler's own errors about a cell moved onto the CSV), choose what the
// runs pin, fit it, print the fit run by run, and write the module.
#include "compiler/driver/calibrate.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "compiler/calibrate/evaluate.h"
#include "compiler/calibrate/fit.h"
#include "compiler/calibrate/measurements.h"
#include "compiler/calibrate/pinning.h"
#include "compiler/calibrate/plan.h"
#include "compiler/diagnostics/exit_codes.h"
#include "compiler/driver/options.h"
#include "compiler/pipeline/compile.h"
#include "compiler/sema/load.h"
#include "compiler/syntax/format.h"
#include "compiler/tables/csv.h"
#include "runtime/atomic_file.h"

namespace tco::driver {
namespace {

namespace fs = std::filesystem;

void report_problem(Diagnostics& d, const calibrate::Problem& p) {
  static const DiagKind kinds[] = {DiagKind::MissingColumn, DiagKind::UnknownColumn, DiagKind::DuplicateColumn,
                                   DiagKind::NotACount,     DiagKind::NotAMeasurement, DiagKind::UnknownMetric,
                                   DiagKind::NoRows};
  DiagKind k = kinds[p.kind];
  auto b = k == DiagKind::NoRows ? d.report_kind(k, p.at) : d.report_kind(k, p.at, p.name);
  b.hint(p.hint);
}

// The compiler's diagnostics about the generated plan, moved onto the CSV cells they are
// about (labels on the plan's own text are dropped); one whose main place is no cell is
// tcoc's own fault, shown as it is.
bool move_onto_csv(const pipeline::Compilation& c, const calibrate::PlanText& plan, Diagnostics& d, std::string& err, bool color) {
  auto cell_of = [&](const Span& s) -> const calibrate::PlanText::Placed* {
    for (const auto& p : plan.cells)
      if (s.begin >= p.begin && s.begin < p.end) return &p;
    return nullptr;
  };
  bool moved_all = true;
  for (Diagnostic diag : c.diags.list()) {
    if (diag.labels.empty() || !cell_of(diag.labels[0].span)) {
      moved_all = false;
      continue;
    }
    std::vector<Label> kept;
    for (auto l : diag.labels)
      if (auto* p = cell_of(l.span)) {
        l.span = p->cell;
        kept.push_back(std::move(l));
      }
    diag.labels = std::move(kept);
    if (diag.kind == DiagKind::UnknownName && diag.hint.empty())
      diag.hint = "a GPU, model or precision of your own needs its module: --import MODULE";
    // The plan's record is tcoc's own; the analyst wrote a column.
    if (diag.kind == DiagKind::TypeMismatch && diag.message.rfind("field `", 0) == 0) {
      const auto tick = diag.message.find('`', 7);
      const auto colon = diag.message.find(": ", tick);
      if (tick != std::string::npos && colon != std::string::npos)
        diag.message = "column " + diag.message.substr(6, tick - 5) + diag.message.substr(colon);
    }
    // The conversion is the row's metric to its unit: the unit was miswritten, not the metric.
    if (diag.kind == DiagKind::BadConversion) {
      diag.hint = "write the unit the row's metric is measured in, as a plan would: ms for tpot and ttft, tok/s for the rates";
      diag.fixes.clear();
    }
    d.add(std::move(diag));
  }
  if (!moved_all) err += "internal error: the calibration plan did not compile:\n" + c.diags.render(color);
  return moved_all;
}

std::string number(double v) { return fmt::format("{:.4g}", v); }

std::string value_text(const calibrate::Knob& k, double v) {
  return number(v) + (k.constant.unit.empty() ? "" : " " + k.constant.unit);
}

}  // namespace

int calibrate(const std::string& csv_path, const CalibrateOptions& opts, std::string& out, std::string& err, bool color) {
  auto identifier = [](const std::string& n) {
    return !n.empty() && !std::isdigit(static_cast<unsigned char>(n[0])) &&
           std::all_of(n.begin(), n.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
  };
  std::vector<std::pair<std::string, std::string>> names = {{"--name", opts.name}, {"--base", opts.base}};
  for (const auto& m : opts.imports) names.emplace_back("--import", m);
  for (const auto& [flag, name] : names)
    if (!identifier(name)) {
      return usage_error<DiagKind::NotAName>(err, "calibrate", flag, name);
    }
  SourceManager sm;
  Diagnostics d(sm);
  auto file = sema::read_source(csv_path, sm, d);
  if (!file) {
    err += d.render(color);
    return kRuntimeError;
  }
  const auto& text = sm.file(*file).text;
  auto csv = tables::read_csv(*file, sm);
  if (csv.problem) tables::report(d, *csv.problem, csv_path);
  calibrate::Measurements m;
  if (csv.csv) m = calibrate::read_measurements(*csv.csv, Span{*file, 0, static_cast<uint32_t>(text.size())});
  for (const auto& p : m.problems) report_problem(d, p);
  if (d.has_errors()) {
    err += d.render(color);
    return kCompileError;
  }
  const auto& runs = m.rows;

  // The plan, with every knob a candidate constant; compiled once.
  std::vector<calibrate::Constant> constants;
  for (const auto& k : calibrate::knobs()) constants.push_back(k.constant);
  auto plan = calibrate::plan_text(runs, opts.base, constants, calibrate::marker_points(constants.size()), opts.imports);
  // The plan is compiled in a folder of its own; the modules beside the runs are found as a
  // plan beside them would find them.
  auto paths = sema::SearchPaths::from_environment();
  paths.tco_path.insert(paths.tco_path.begin(), fs::absolute(fs::path(csv_path)).parent_path().string());
  std::string imports;
  for (const auto& m : opts.imports) imports += "import " + m + "\n";
  fs::path dir = fs::temp_directory_path() / fmt::format("tcoc-calibrate-{}", ::getpid());
  fs::create_directories(dir);
  struct Remove {
    fs::path p;
    ~Remove() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } remove{dir};
  // The base first, alone: a name that is not an Engine is the command line's mistake.
  { std::ofstream(dir / "base.tco", std::ios::binary) << "import serving\n" << imports << "fn engine(e: Engine) -> Engine = e\nlet base = engine(" << opts.base << ")\n"; }
  if (auto b = pipeline::compile((dir / "base.tco").string(), paths, pipeline::until(pipeline::Stage::Check)); !b->checked) {
    // A module --import names that is missing, or has errors of its own, is said as such.
    for (const auto& diag : b->diags.list())
      if (diag.kind == DiagKind::ModuleNotFound) {
        std::string name(b->sources.slice(diag.span()));
        if (name.rfind("import ", 0) == 0) name.erase(0, 7);
        return usage_error<DiagKind::ImportNotFound>(err, "calibrate", name, name, csv_path);
      }
    bool in_module = false;
    for (const auto& diag : b->diags.list())
      if (diag.span().valid() && b->sources.file(diag.span().file).path != (dir / "base.tco").string())
        in_module = true;
    if (in_module) {
      err += b->diags.render(color);
      return kCompileError;
    }
    return usage_error<DiagKind::NotAnEngine>(err, "calibrate", opts.base,
                                              opts.imports.empty() ? "" : fmt::format(" or of {}", fmt::join(opts.imports, ", ")));
  }
  { std::ofstream(dir / "calibration.tco", std::ios::binary) << plan.text; }
  auto c = pipeline::compile((dir / "calibration.tco").string(), paths);
  if (!c->lowered) {
    if (!move_onto_csv(*c, plan, d, err, color)) return kRuntimeError;
    err += d.render(color);
    return kCompileError;
  }
  auto e = calibrate::Evaluator::make(c->ir, runs.size(), constants.size());
  if (!e) {
    err += fmt::format("internal error: the calibration plan for `{}` is not laid out as expected\n", opts.base);
    return kRuntimeError;
  }

  const auto base = e->base();
  const auto measured = calibrate::measured(runs, e->unit_factors());
  const auto misfit = calibrate::weighted_log_errors(runs, calibrate::log_errors(runs, e->figures(base), measured));
  auto choice = calibrate::choose(calibrate::sensitivity(*e, runs, measured, base), misfit, runs);
  auto before = calibrate::fit(*e, runs, measured, {}, base);
  auto after = calibrate::fit(*e, runs, measured, choice, base);
  const auto pins = calibrate::pinning(calibrate::sensitivity(*e, runs, measured, after.full), choice.chosen);
  auto pinned = [&](size_t i) {
    const double spread = pins[i].spread * 100, alone = std::expm1(calibrate::kPriorWidth) * 100;
    if (pins[i].from_runs >= 0.5) return fmt::format("±{:.0f}%: pinned by the runs", spread);
    if (pins[i].from_runs >= 0.1) return fmt::format("±{:.0f}%: loosely pinned (±{:.0f}% with no runs)", spread, alone);
    return fmt::format("±{:.0f}%: hardly pinned, mostly the base's", spread);
  };

  // What was fitted and what was not, then the runs.
  const auto& knobs = calibrate::knobs();
  std::vector<uint32_t> lines;  // each run's line in the CSV
  for (const auto& r : runs) lines.push_back(sm.file(*file).line_col(r.row.begin).line);
  std::string table = fmt::format("`{}` fitted to {} runs of {}:\n", opts.base, runs.size(), csv_path);
  for (size_t i = 0; i < choice.chosen.size(); ++i) {
    const auto& k = knobs[choice.chosen[i]];
    table += fmt::format("  {:<20} {:>10}  base {}; {}{}\n", k.constant.field, value_text(k, after.values[i]),
                         value_text(k, base[choice.chosen[i]]), pinned(i), after.at_bound[i] ? "; at its bound" : "");
  }
  for (const auto& [k, why] : choice.left)
    table += fmt::format("  {:<20} {:>10}  kept: {}\n", knobs[k].constant.field, value_text(knobs[k], base[k]), why);
  table += fmt::format("\n  {:>4}  {:<22} {:>12} {:>12} {:>8} {:>8}\n", "line", "metric", "measured", "predicted",
                       "error at", "error");
  table += fmt::format("  {:>4}  {:<22} {:>12} {:>12} {:>8} {:>8}\n", "", "", "", "(fitted)", "base", "fitted");
  for (size_t i = 0; i < runs.size(); ++i) {
    table += fmt::format("  {:>4}  {:<22} {:>12} {:>12} {:>+7.1f}% {:>+7.1f}%\n", lines[i], runs[i].metric.text,
                         number(runs[i].value) + " " + runs[i].unit.text,
                         number((after.errors[i] + 1) * runs[i].value) + " " + runs[i].unit.text,
                         before.errors[i] * 100, after.errors[i] * 100);
  }
  for (size_t i = 0; i < after.at_bound.size(); ++i)
    if (after.at_bound[i])
      err += fmt::format("warning: `{}` stopped at its bound ({} to {}): the runs push it past what is physical\n",
                         knobs[choice.chosen[i]].constant.field, value_text(knobs[choice.chosen[i]], knobs[choice.chosen[i]].lo),
                         value_text(knobs[choice.chosen[i]], knobs[choice.chosen[i]].hi));

  // The module: each fitted constant with its meaning, then what stayed and the fit.
  std::string mod = fmt::format("// Generated by `tcoc calibrate {}`: `{}` fitted to {} measured runs.\n"
                                "import serving\n{}\nlet {} = {} with {{\n",
                                fs::path(csv_path).filename().string(), opts.base, runs.size(), imports, opts.name,
                                opts.base);
  for (size_t i = 0; i < choice.chosen.size(); ++i) {
    const auto& k = knobs[choice.chosen[i]];
    mod += fmt::format("  {} = {}  // {}; base {}; {}{}\n", k.constant.field, value_text(k, after.values[i]), k.meaning,
                       value_text(k, base[choice.chosen[i]]), pinned(i), after.at_bound[i] ? "; at its bound" : "");
  }
  mod += "}\n\n// Left at the base:\n";
  for (const auto& [k, why] : choice.left) mod += fmt::format("// - {}: {}\n", knobs[k].constant.field, why);
  mod += "//\n// The fit, run by run (predicted / measured - 1, base and fitted):\n";
  for (size_t i = 0; i < runs.size(); ++i)
    mod += fmt::format("// line {}: {} {} {} = {} {}: {:+.1f}%, {:+.1f}%\n", lines[i],
                       runs[i].gpu.text, runs[i].model.text, runs[i].metric.text, number(runs[i].value), runs[i].unit.text,
                       before.errors[i] * 100, after.errors[i] * 100);
  {
    SourceManager fsm;
    Diagnostics fd(fsm);
    auto formatted = syntax::format_file(fsm.add(opts.out_path, mod), fsm, fd);
    // Only the names given on the command line can stop it parsing (--base was compiled
    // already): a keyword, such as `let`.
    if (!formatted.text) {
      return usage_error<DiagKind::NameIsKeyword>(err, "calibrate", opts.name);
    }
    mod = *formatted.text;
  }
  if (opts.out_path == "-") {
    out += table + "\n" + mod;
    return kOk;
  }
  // Whole or not at all, as every output file tcoc writes.
  if (std::string why; !rt::write_file_atomically(opts.out_path, mod, &why)) {
    d.report<DiagKind::CannotWrite>(Span{}, opts.out_path, why).hint("--out names a file in a folder that exists");
    err += d.render(color);
    return kRuntimeError;
  }
  out += table + fmt::format("\nwrote {}: `import {}` and `engine = {}` in a plan beside it\n", opts.out_path,
                             fs::path(opts.out_path).stem().string(), opts.name);
  return kOk;
}

}  // namespace tco::driver
