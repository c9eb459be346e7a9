#include "compiler/runner/tiering.h"

#include <cstdlib>

#include "compiler/ir/prune.h"

namespace tco::runner {
namespace {

// Measured on a 2-core AMD EPYC (bench/run prints the figures these come from); only their
// ratios matter, and a wrong guess costs time, never a different result: both engines give
// the same bits.
// The interpreter: per instruction that varies with the point, and per point (decomposing
// the index, the `where`s, handing the row over).
constexpr double kInterpretPerInstruction = 4e-9;
constexpr double kInterpretPerPoint = 30e-9;
// The JIT: O3 and machine code per IR instruction, and per kernel; loading LLVM and creating
// the JIT once per process.
constexpr double kCompilePerInstruction = 25e-6;
constexpr double kCompilePerKernel = 0.4e-3;
constexpr double kLoadJit = 60e-3;
// Compile only what saves several times its cost: the estimates are rough, and a plan must
// never run much slower than on the interpreter alone.
constexpr double kPayback = 4;

}  // namespace

std::string EngineOptions::resolved_cpu() const {
  if (!cpu.empty()) return cpu;
  const char* env = std::getenv("TCOC_JIT_CPU");
  return env && *env ? env : "host";
}

KernelCost estimate(const ir::Kernel& k) {
  // Instructions that depend on the point run at every point; the rest once.
  double per_point = 0, once = 0;
  for (uint64_t axes : ir::axis_dependencies(k)) (axes != 0 ? per_point : once) += 1;
  const double points = static_cast<double>(k.points());
  KernelCost c;
  c.interpret = points * (kInterpretPerPoint + per_point * kInterpretPerInstruction) + once * kInterpretPerInstruction;
  c.compile = kCompilePerKernel + static_cast<double>(k.insts.size()) * kCompilePerInstruction;
  return c;
}

NativeChoice choose_native(const ir::Program& p, JitMode mode) {
  NativeChoice choice;
  double interpret = 0, compile = kLoadJit;
  auto consider = [&](ir::ItemKind kind, size_t n, auto kernel_of) {
    auto& wanted = choice.wanted[static_cast<size_t>(kind)];
    wanted.assign(n, mode == JitMode::Always);
    if (mode != JitMode::Auto) return;
    for (size_t i = 0; i < n; ++i) {
      KernelCost c = estimate(kernel_of(i));
      if (c.interpret < kPayback * c.compile) continue;
      wanted[i] = true;
      interpret += c.interpret;
      compile += c.compile;
    }
  };
  consider(ir::ItemKind::Report, p.reports.size(), [&](size_t i) -> const ir::Kernel& { return p.reports[i].kernel; });
  consider(ir::ItemKind::Study, p.studies.size(), [&](size_t i) -> const ir::Kernel& { return p.studies[i].kernel; });
  consider(ir::ItemKind::Assert, p.asserts.size(), [&](size_t i) -> const ir::Kernel& { return p.asserts[i].kernel; });
  // Together, the kernels worth compiling must also repay loading LLVM.
  if (mode == JitMode::Auto && interpret < kPayback * compile)
    for (auto& w : choice.wanted) w.assign(w.size(), false);
  for (const auto& w : choice.wanted)
    for (bool b : w) choice.count += b;
  return choice;
}

}  // namespace tco::runner
