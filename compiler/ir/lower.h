// Lowering the checked program to IR kernels.
#pragma once
#include "compiler/ir/ir.h"
#include "compiler/sema/program.h"

namespace tco::ir {

// Lowers the plan module's reports, sweeps, simulations and asserts. Reports the errors
// that need values (non-constant axes, empty ranges, bad sample counts); returns false then.
bool lower_program(const sema::Program& prog, Diagnostics& diags, Program& out);

}  // namespace tco::ir
