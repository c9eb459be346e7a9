// ir::Program -> one LLVM module with one function per kernel, implementing the kernel ABI
// of runtime/sink.h. LLVM types appear only here and in compiler/jit.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "compiler/ir/ir.h"

namespace llvm {
class DataLayout;
class LLVMContext;
class Module;
class TargetMachine;
class Triple;
}  // namespace llvm

namespace tco::codegen {

// The symbol of a kernel's function: tco_report_N, tco_study_N or tco_assert_N.
std::string kernel_name(ir::ItemKind kind, size_t index);

// The libm functions kernels call, by symbol name, with their host addresses (the ones the
// interpreter calls through <cmath>), then tco_rt_uniform01. For the JIT to define them.
struct RuntimeSymbol {
  const char* name;
  void* address;
};
const RuntimeSymbol* runtime_symbols(size_t* count);

// Builds the module: every kernel of `p` as
//   void NAME(uint64_t begin, uint64_t end, const TcoKernelArgs* args, TcoSink* sink)
// with the given data layout and triple; only the kernels `wanted` names when it is given.
// The module is verified; on an invalid program or a verifier failure it returns nullptr
// with *error set (never aborts).
using Wanted = std::function<bool(ir::ItemKind kind, size_t index)>;
std::unique_ptr<llvm::Module> generate(const ir::Program& p, llvm::LLVMContext& ctx, const llvm::DataLayout& dl,
                                       const llvm::Triple& triple, std::string* error, const Wanted& wanted = {});

// The new pass manager's O3 pipeline built with `tm` (so that the vectorisers have a cost
// model), with the libm functions kernels call hidden from the optimiser's library-call
// knowledge. No fast-math anywhere.
void optimize(llvm::Module& m, llvm::TargetMachine& tm);

// The instruction count of the module's largest function.
size_t largest_function(const llvm::Module& m);

// The module as text.
std::string print(const llvm::Module& m);

}  // namespace tco::codegen
