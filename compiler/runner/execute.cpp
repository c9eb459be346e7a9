#include "compiler/runner/execute.h"

#include <fmt/format.h>

#include <chrono>

#include "compiler/diagnostics/exit_codes.h"
#include "compiler/jit/jit.h"

namespace tco::runner {

bool run_lowered(const pipeline::Compilation& c, const EngineOptions& engine, const RunOptions& ro, rt::RunResult& out,
                 Diagnostics& run_diags, EngineTimes* times) {
  std::unique_ptr<jit::Jit> native;
  EngineTimes t;
  t.kernels = c.ir.reports.size() + c.ir.studies.size() + c.ir.asserts.size();
  NativeChoice choice = choose_native(c.ir, engine.jit, ro.only);
  if (choice.count > 0) {
    auto start = std::chrono::steady_clock::now();
    std::string why;
    if (jit::load(&why)) {
      t.load = pipeline::seconds_since(start);
      start = std::chrono::steady_clock::now();
      native = jit::Jit::create(engine.resolved_cpu(), &why);
    }
    if (native) native->set_keep_ir(false);
    if (!native || !native->compile(c.ir, &why, [&](ir::ItemKind k, size_t i) { return choice.wants(k, i); })) {
      run_diags.report<DiagKind::NativeFallback>(Span{}, why);
      native.reset();
    } else {
      t.native = choice.count;
      t.codegen = native->codegen_seconds();
      t.jit = pipeline::seconds_since(start) - t.codegen;
    }
  }
  auto start = std::chrono::steady_clock::now();
  KernelFor kernels = native ? jit_kernels(*native, c.ir) : interpreter_kernels(c.ir);
  bool ran = run_program(c.ir, kernels, ro, out, run_diags);
  t.run = pipeline::seconds_since(start);
  if (times) *times = t;
  return ran;
}

Executed execute(const std::string& file, const EngineOptions& engine, std::string& err, bool color,
                 const pipeline::AfterParse& after_parse) {
  Executed x;
  pipeline::Options o;
  o.after_parse = after_parse;
  x.compilation = pipeline::compile(file, sema::SearchPaths::from_environment(), o);
  auto& c = *x.compilation;
  err += c.diags.render(color);
  if (c.diags.has_errors()) {
    x.code = exit_code_for(c.diags);
    return x;
  }
  Diagnostics run_diags(c.sources);
  bool ran = run_lowered(c, engine, RunOptions{}, x.result, run_diags);
  err += run_diags.render(color);
  if (!ran) x.code = kRuntimeError;
  return x;
}

}  // namespace tco::runner
