// The libm functions kernels call, in one table: the IR operation, the symbol, LLVM's name
// for it (hidden from the optimiser, so no pass folds or rewrites a call), and the host
// function the interpreter reaches through <cmath> (the JIT defines the symbol as exactly
// that, so both engines agree bit for bit).
#pragma once
#include <llvm/Analysis/TargetLibraryInfo.h>

#include <vector>

#include "compiler/ir/ir.h"

namespace tco::codegen {

struct LibmFunction {
  ir::Op op;
  const char* name;
  llvm::LibFunc libfunc;
  void* address;
  unsigned arity;
};

const std::vector<LibmFunction>& libm_functions();
// The entry of `op`, or nullptr when `op` is computed inline.
const LibmFunction* libm_for(ir::Op op);

}  // namespace tco::codegen
