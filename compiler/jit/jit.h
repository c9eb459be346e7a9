// Native compilation of a plan's kernels for the host CPU (ORC LLJIT). Only tcoc types and
// the kernel ABI of runtime/sink.h appear here; LLVM stays inside compiler/codegen and jit.
#pragma once
#include <memory>
#include <string>

#include "compiler/ir/ir.h"
#include "runtime/sink.h"

namespace tco::jit {

class Jit {
 public:
  // An LLJIT for the host CPU (name and features), or nullptr with *error set.
  static std::unique_ptr<Jit> create(std::string* error);
  ~Jit();
  Jit(const Jit&) = delete;
  Jit& operator=(const Jit&) = delete;

  // Generates one module for every kernel of `p`, optimises it (O3, host TargetMachine) and
  // adds it to the JIT, then materialises every kernel, so that all compile time is spent
  // here. Returns false with *error on failure. May be called again for another program:
  // the kernels of earlier programs stay valid until the Jit is destroyed. Not thread-safe.
  bool compile(const ir::Program& p, std::string* error);

  // The kernels of the last compiled program; they live as long as the Jit. A kernel is
  // reentrant: several threads may run one kernel at once on disjoint ranges, each with
  // its own sink. A report or assert kernel has one point: call it with begin=0, end=1.
  TcoKernelFn report_kernel(size_t i) const;  // p.reports[i].kernel
  TcoKernelFn study_kernel(size_t i) const;   // p.studies[i].kernel
  TcoKernelFn assert_kernel(size_t i) const;  // p.asserts[i].kernel

  // The last module as text before / after optimisation (`--emit=llvm|llvm-opt`). Kept
  // only while keep_ir is on (the default); otherwise empty.
  const std::string& llvm_ir(bool optimized) const;
  void set_keep_ir(bool keep);

  // Wall time of the last compile(): generating the module, and optimisation plus
  // machine-code generation (`--time`).
  double codegen_seconds() const;
  double compile_seconds() const;

 private:
  Jit();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The module of `p` as text, unoptimised or optimised for the host as compile() would,
// without a JIT (`tcoc emit-llvm`). Empty with *error on failure.
std::string emit_llvm(const ir::Program& p, bool optimized, std::string* error);

}  // namespace tco::jit
