#include "compiler/driver/execute.h"

#include "compiler/driver/cli.h"
#include "compiler/driver/run.h"
#include "compiler/jit/jit.h"

namespace tco::driver {

Executed execute(const std::string& file, bool no_jit, std::string& err, bool color, const AfterParse& after_parse) {
  Executed x;
  x.compilation = compile(file, sema::SearchPaths::from_environment(), Stage::Lower, after_parse);
  auto& c = *x.compilation;
  err += c.diags.render(color);
  if (c.diags.has_errors()) {
    x.code = exit_code_for(c.diags);
    return x;
  }
  std::unique_ptr<jit::Jit> engine;
  if (!no_jit) {
    std::string why;
    engine = jit::Jit::create(&why);
    if (engine) engine->set_keep_ir(false);
    if (engine && !engine->compile(c.ir, &why)) engine.reset();
  }
  Diagnostics run_diags(c.sources);
  bool ran = run_program(c.ir, engine ? jit_kernels(*engine, c.ir) : interpreter_kernels(c.ir), RunOptions{},
                         x.result, run_diags);
  err += run_diags.render(color);
  if (!ran) x.code = kRuntimeError;
  return x;
}

}  // namespace tco::driver
