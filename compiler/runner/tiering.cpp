#include "compiler/runner/tiering.h"

#include <cstdlib>

#include "compiler/ir/analysis.h"

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

NativeChoice choose_native(const ir::Program& p, JitMode mode, const Selection* only) {
  NativeChoice choice;
  double interpret = 0, compile = kLoadJit;
  for (ir::ItemKind kind : {ir::ItemKind::Report, ir::ItemKind::Study, ir::ItemKind::Assert})
    choice.chosen[static_cast<size_t>(kind)].assign(p.count(kind), mode == JitMode::Always);
  if (only && mode == JitMode::Always)
    for (const ir::ItemRef& item : p.items())
      choice.chosen[static_cast<size_t>(item.kind)][item.index] = only->wants(item.kind, item.index);
  if (mode == JitMode::Auto)
    for (const ir::ItemRef& item : p.items()) {
      if (only && !only->wants(item.kind, item.index)) continue;
      KernelCost c = estimate(p.kernel(item.kind, item.index));
      if (c.interpret < kPayback * c.compile) continue;
      choice.chosen[static_cast<size_t>(item.kind)][item.index] = true;
      interpret += c.interpret;
      compile += c.compile;
    }
  // Together, the kernels worth compiling must also repay loading LLVM.
  if (mode == JitMode::Auto && interpret < kPayback * compile)
    for (auto& w : choice.chosen) w.assign(w.size(), false);
  for (const auto& w : choice.chosen)
    for (bool b : w) choice.count += b;
  return choice;
}

}  // namespace tco::runner
