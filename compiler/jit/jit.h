// Native compilation of a plan's kernels (ORC LLJIT), for the host CPU or a chosen x86-64
// level. Only tcoc types and the kernel ABI of runtime/sink.h appear here; LLVM stays inside
// compiler/codegen and compiler/jit/jit.cpp, which are built as a module of their own
// (tcoc-jit.so) and loaded on first use by load.cpp: a run that interprets, `tcoc check`,
// `fmt` and `lsp` never pay for loading LLVM.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/sink.h"

namespace tco::jit {

// Which kernels compile() builds; the others get no native code (nullptr below).
using Wanted = std::function<bool(ir::ItemKind kind, size_t index)>;

// The CPU names `--jit-cpu` and TCOC_JIT_CPU take besides an LLVM x86 CPU name: the host
// (its name and every feature it reports) and the four x86-64 microarchitecture levels.
inline const char* const kHostCpu = "host";
inline const std::vector<std::string>& x86_levels() {
  static const std::vector<std::string> levels = {"x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4"};
  return levels;
}

class Jit {
 public:
  // An LLJIT generating code for `cpu`:
  //   host         the host CPU's name (tuning) and all the features it reports
  //   x86-64[-vN]  exactly that level's features; an error when the host lacks one of them
  //   other names  an LLVM x86 CPU (znver4, skylake-avx512 ...): its tuning, and those of
  //                its features the host has, so that the code always runs here
  // nullptr with *error set when the module cannot be loaded or the CPU is unknown or
  // beyond this host.
  static std::unique_ptr<Jit> create(const std::string& cpu, std::string* error);
  static std::unique_ptr<Jit> create(std::string* error) { return create(kHostCpu, error); }
  virtual ~Jit() = default;

  // Generates one module with the kernels of `p` that `wanted` names (all when it is
  // empty), optimises it (O3) and materialises every kernel, so that all compile time is
  // spent here. Returns false with *error on failure. May be called again for another
  // program: the kernels of earlier programs stay valid until the Jit is destroyed. Not
  // thread-safe.
  virtual bool compile(const ir::Program& p, std::string* error, const Wanted& wanted = {}) = 0;

  // The kernels of the last compiled program (nullptr for one not wanted); they live as long
  // as the Jit. A kernel is reentrant: several threads may run one kernel at once on
  // disjoint ranges, each with its own sink. A report or assert kernel has one point: call
  // it with begin=0, end=1.
  virtual TcoKernelFn kernel(ir::ItemKind kind, size_t i) const = 0;
  TcoKernelFn report_kernel(size_t i) const { return kernel(ir::ItemKind::Report, i); }
  TcoKernelFn study_kernel(size_t i) const { return kernel(ir::ItemKind::Study, i); }
  TcoKernelFn assert_kernel(size_t i) const { return kernel(ir::ItemKind::Assert, i); }

  // The last module as text before / after optimisation. Kept only while keep_ir is on (the
  // default); otherwise empty.
  virtual const std::string& llvm_ir(bool optimized) const = 0;
  virtual void set_keep_ir(bool keep) = 0;

  // The CPU the code is generated for (the host's name for "host") and its features as
  // LLVM spells them ("+avx2,-avx512f,...").
  virtual std::string cpu_name() const = 0;
  virtual std::string cpu_features() const = 0;

  // Wall time of the last compile(): generating the module, and optimisation plus
  // machine-code generation (`--time`).
  virtual double codegen_seconds() const = 0;
  virtual double compile_seconds() const = 0;
};

// The module of `p` as text, unoptimised or optimised for `cpu` as compile() would, without
// a JIT (`tcoc emit-llvm`). Empty with *error on failure.
std::string emit_llvm(const ir::Program& p, bool optimized, std::string* error, const std::string& cpu = kHostCpu);

// The x86-64 levels (x86_levels()) this host can run, lowest first; empty with *error when
// native compilation is unavailable.
std::vector<std::string> host_levels(std::string* error);

// Why code cannot be generated for `cpu` on this host (unknown, or a level beyond it), or ""
// when it can or when native compilation is unavailable anyway (the run says so when it
// needs it).
std::string cpu_problem(const std::string& cpu);

// Loads the native module now (it is otherwise loaded by the first of the calls above);
// false with *error when it cannot be. Its time is part of what `--time` calls jit compile.
bool load(std::string* error);

}  // namespace tco::jit
