#include "compiler/driver/execute.h"

#include <fmt/format.h>

#include <chrono>

#include "compiler/driver/cli.h"
#include "compiler/jit/jit.h"

namespace tco::driver {

bool run_lowered(const Compilation& c, bool no_jit, const RunOptions& ro, rt::RunResult& out,
                 Diagnostics& run_diags, std::string& err, EngineTimes* times) {
  std::unique_ptr<jit::Jit> engine;
  EngineTimes t;
  if (!no_jit) {
    std::string why;
    engine = jit::Jit::create(&why);
    if (engine) engine->set_keep_ir(false);
    if (!engine || !engine->compile(c.ir, &why)) {
      err += fmt::format("warning: native compilation failed ({}); running on the interpreter\n", why);
      engine.reset();
    } else {
      t.native = true;
      t.codegen = engine->codegen_seconds();
      t.jit = engine->compile_seconds();
    }
  }
  auto start = std::chrono::steady_clock::now();
  bool ran = run_program(c.ir, engine ? jit_kernels(*engine, c.ir) : interpreter_kernels(c.ir), ro, out, run_diags);
  t.run = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (times) *times = t;
  return ran;
}

Executed execute(const std::string& file, bool no_jit, std::string& err, bool color, const AfterParse& after_parse) {
  Executed x;
  x.compilation = compile(file, sema::SearchPaths::from_environment(), Stage::Lower, after_parse);
  auto& c = *x.compilation;
  err += c.diags.render(color);
  if (c.diags.has_errors()) {
    x.code = exit_code_for(c.diags);
    return x;
  }
  Diagnostics run_diags(c.sources);
  bool ran = run_lowered(c, no_jit, RunOptions{}, x.result, run_diags, err);
  err += run_diags.render(color);
  if (!ran) x.code = kRuntimeError;
  return x;
}

}  // namespace tco::driver
