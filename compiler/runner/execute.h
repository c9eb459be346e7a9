// Running a lowered plan on the JIT (or the interpreter) for every command that runs one:
// `run`, and `explain` and `diff` built on top of it.
#pragma once
#include <memory>
#include <string>

#include "compiler/pipeline/compile.h"
#include "compiler/runner/run.h"
#include "compiler/runner/tiering.h"
#include "runtime/results.h"

namespace tco::runner {

struct EngineTimes {
  size_t native = 0, kernels = 0;        // kernels compiled, of all the plan's
  // Seconds: loading the native module (LLVM), generating LLVM IR, creating the JIT plus
  // optimisation and machine code, running.
  double load = 0, codegen = 0, jit = 0, run = 0;
};

// Runs `c` (lowered), compiling the kernels tiering.h chooses. Should native compilation be
// unavailable (no module, a CPU this host cannot run), warns (W0304) and runs on the
// interpreter, which gives the same numbers, only slower. Warnings and runtime problems go
// to `run_diags`; false after an error.
bool run_lowered(const pipeline::Compilation& c, const EngineOptions& engine, const RunOptions& ro, rt::RunResult& out,
                 Diagnostics& run_diags, EngineTimes* times = nullptr);

struct Executed {
  std::unique_ptr<pipeline::Compilation> compilation;
  rt::RunResult result;
  int code = 0;  // 0 when it compiled and ran; otherwise the exit code (diagnostics in err)
};

// Compiles and runs a plan with default run options. Diagnostics go to `err`, rendered.
Executed execute(const std::string& file, const EngineOptions& engine, std::string& err, bool color,
                 const pipeline::AfterParse& after_parse = {});

}  // namespace tco::runner
