// What a plan's constants already say before it runs: the reports and asserts whose every
// value is known while compiling (no axis, no bound study's result), run on the interpreter
// in microseconds. `tcoc check` and the language server report what they find, so that a
// failing assert or a NaN figure shows while typing, not only at `tcoc run`.
#pragma once
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"

namespace tco::runner {

// W0305 at each constant assert that fails (with its failure worded as `tcoc run` words it,
// in the plan's units), and W0301/W0302 for constant report rows that are NaN or -infinity.
void check_constants(const ir::Program& p, Diagnostics& diags);

}  // namespace tco::runner
