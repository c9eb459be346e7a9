// Which kernels of a plan get native code. Compiling costs milliseconds per kernel, plus
// about 50 ms to load LLVM the first time; the interpreter costs nanoseconds per instruction
// and point. A report is one point and is always cheaper to interpret; a sweep of millions
// of points is hundreds of times faster compiled. `--jit` compiles everything (to test the
// JIT), `--no-jit` nothing.
#pragma once
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/runner/select.h"

namespace tco::runner {

enum class JitMode { Auto, Always, Never };

// How a run evaluates kernels (`--jit`, `--no-jit`, `--jit-cpu`).
struct EngineOptions {
  JitMode jit = JitMode::Auto;
  std::string cpu;  // empty: TCOC_JIT_CPU when set, else the host
  std::string resolved_cpu() const;
};

// The estimates behind a choice, in seconds, for `--time` and the tests.
struct KernelCost {
  double interpret = 0;  // evaluating every point on the interpreter
  double compile = 0;    // optimising and generating its machine code
};
KernelCost estimate(const ir::Kernel& k);

// The kernels chosen (Selection::chosen, by ir::ItemKind then index) and how many.
struct NativeChoice : Selection {
  size_t count = 0;
};

// The kernels to compile: under Auto, those whose interpretation would cost several times
// their compilation, and only when together they repay loading LLVM too. With `only`
// (`--only`), items that do not run are never compiled, nor counted towards that payback.
NativeChoice choose_native(const ir::Program& p, JitMode mode, const Selection* only = nullptr);

}  // namespace tco::runner
