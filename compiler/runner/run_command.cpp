#include "compiler/runner/run_command.h"

#include <fmt/format.h>

#include <new>

#include "compiler/diagnostics/exit_codes.h"
#include "compiler/jit/jit.h"
#include "compiler/pipeline/big_stack.h"
#include "compiler/pipeline/compile.h"
#include "compiler/runner/constants.h"
#include "compiler/runner/execute.h"
#include "compiler/runner/memory.h"
#include "compiler/sema/print_typed.h"
#include "compiler/syntax/parse.h"
#include "runtime/plot/plot.h"

namespace tco::runner {
namespace {

// The titles `--only` can take, for the hint under one that names nothing.
std::string titles_hint(const ir::Program& p) {
  std::string list;
  size_t n = 0;
  auto add = [&](const std::string& title) {
    if (++n <= 12) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", title);
  };
  for (const auto& r : p.reports) add(r.title);
  for (const auto& s : p.studies) add(s.title);
  if (n == 0) return "the plan has no report, sweep or simulation";
  if (n > 12) list += fmt::format(" and {} more", n - 12);
  return "titles are matched exactly; the plan's are " + list;
}

}  // namespace

int guarded(std::string& err, const std::function<int()>& body) {
  configure_allocator();
  int code = kRuntimeError;
  pipeline::run_on_big_stack([&] {
    try {
      code = body();
    } catch (const std::bad_alloc&) {
      // Not a bug to report: the plan asked for more than the machine has.
      SourceManager none;
      Diagnostics d(none);
      d.report<DiagKind::TcocOutOfMemory>(Span{});
      err += d.render(false);
      code = kRuntimeError;
    } catch (const std::exception& e) {
      err += fmt::format("internal error: {}\nplease report this with the plan that caused it\n", e.what());
    } catch (...) {
      err += "internal error\nplease report this with the plan that caused it\n";
    }
  });
  return code;
}

int run_command(const RunRequest& r, std::string& out, std::string& err, bool color) {
  auto paths = sema::SearchPaths::from_environment();
  using pipeline::Stage;
  Stage until = r.emit == "typed" ? Stage::Check : r.emit == "ast" ? Stage::Parse : Stage::Lower;
  auto c = pipeline::compile(r.file, paths, pipeline::until(until));
  err += c->diags.render(color);
  if (c->diags.has_errors()) return exit_code_for(c->diags);
  if (r.check_only) {
    Diagnostics found(c->sources);
    check_constants(c->ir, found);
    err += found.render(color);
    return kOk;
  }
  if (r.emit == "ast") {
    out += syntax::print_ast(c->program.main_module(), c->sources);
    return kOk;
  }
  if (r.emit == "typed") {
    out += sema::print_typed(c->program);
    return kOk;
  }
  if (r.emit == "ir") {
    out += ir::print(c->ir);
    return kOk;
  }
  if (r.emit == "llvm" || r.emit == "llvm-opt") {
    std::string why;
    std::string text = jit::emit_llvm(c->ir, r.emit == "llvm-opt", &why, r.engine.resolved_cpu());
    if (text.empty()) {
      err += fmt::format("internal error: cannot generate LLVM IR: {}\n", why);
      return kRuntimeError;
    }
    out += text;
    return kOk;
  }
  rt::RunResult result;
  RunOptions ro;
  ro.max_rows = r.max_rows;
  ro.max_points = r.max_points;
  ro.threads = r.threads;
  ro.percentiles = r.percentiles;
  ro.progress = true;  // drawn only on a terminal, and only for runs over a second
  rt::CsvOut csv_out;
  if (!r.out_path.empty()) {
    std::string why;
    if (!csv_out.open(r.out_path, &why)) {
      Diagnostics d(c->sources);
      d.report<DiagKind::CannotWrite>(Span{}, r.out_path, why);
      err += d.render(color);
      return kRuntimeError;
    }
    ro.out = &csv_out;
  }
  Selection only;
  if (!r.only.empty()) {
    std::vector<std::string> unknown;
    only = select_titles(c->ir, r.only, &unknown);
    if (!unknown.empty()) {
      Diagnostics d(c->sources);
      for (const auto& title : unknown) d.report<DiagKind::UnknownTitle>(Span{}, title).hint(titles_hint(c->ir));
      err += d.render(color);
      return kCompileError;
    }
    ro.only = &only;
  }
  std::vector<rt::plot::StudyShape> shapes;
  if (!r.plot_dir.empty()) {
    std::string why;
    if (!rt::plot::prepare_dir(r.plot_dir, &why)) {
      Diagnostics d(c->sources);
      d.report<DiagKind::CannotWrite>(Span{}, r.plot_dir, why);
      err += d.render(color);
      return kRuntimeError;
    }
    ro.shapes = &shapes;
  }
  Diagnostics run_diags(c->sources);
  EngineTimes times;
  bool ran = run_lowered(*c, r.engine, ro, result, run_diags, &times);
  if (r.time) {
    auto ms = [](double s) { return fmt::format("{:.2f} ms", s * 1e3); };
    err += fmt::format("time: parse {}, check {}, lower {}", ms(c->parse_seconds), ms(c->check_seconds),
                       ms(c->lower_seconds));
    if (times.native)
      err += fmt::format(", load llvm {}, codegen {}, jit compile {}", ms(times.load), ms(times.codegen), ms(times.jit));
    err += fmt::format(", run {} ({})\n", ms(times.run),
                       times.native == 0            ? std::string("interpreter")
                       : times.native == times.kernels ? std::string("native")
                                                       : fmt::format("{} of {} kernels native", times.native, times.kernels));
  }
  err += run_diags.render(color);
  if (!ran) return kRuntimeError;
  if (ro.out) {
    std::string why;
    if (!csv_out.commit(&why)) {
      Diagnostics d(c->sources);
      d.report<DiagKind::CannotWrite>(Span{}, r.out_path, why);
      err += d.render(color);
      return kRuntimeError;
    }
  }
  out += rt::write(result, r.format);
  if (ro.shapes) {
    auto written = rt::plot::write_charts(r.plot_dir, result, shapes);
    for (const auto& line : written.lines) err += line + "\n";
    if (!written.ok()) {
      Diagnostics d(c->sources);
      d.report<DiagKind::CannotWrite>(Span{}, written.failed_path, written.error);
      err += d.render(color);
      return kRuntimeError;
    }
  }
  if (!result.all_asserts_passed()) {
    size_t failed = 0;
    for (const auto& a : result.asserts) failed += !a.passed;
    err += fmt::format("{} assert{} failed\n", failed, failed == 1 ? "" : "s");
    return kAssertFailed;
  }
  return kOk;
}

}  // namespace tco::runner
