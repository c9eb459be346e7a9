// Compiling and running a plan to its results in one call, for the commands built on top
// of `run` (explain, diff): the JIT when it is available, else the interpreter.
#pragma once
#include <memory>
#include <string>

#include "compiler/driver/pipeline.h"
#include "runtime/results.h"

namespace tco::driver {

struct Executed {
  std::unique_ptr<Compilation> compilation;
  rt::RunResult result;
  int code = 0;  // 0 when it compiled and ran; otherwise the exit code (diagnostics in err)
};

// Diagnostics go to `err`, rendered.
Executed execute(const std::string& file, bool no_jit, std::string& err, bool color, const AfterParse& after_parse = {});

}  // namespace tco::driver
