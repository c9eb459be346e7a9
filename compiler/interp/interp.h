#pragma once
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"
#include "runtime/results.h"

namespace tco::interp {

struct RunOptions {
  uint64_t max_rows = 1000000;  // a plain sweep printing more rows than this is refused
};

// Runs every item of the program in source order. Runtime problems (E03xx) are reported
// to `diags`; returns false then.
bool run(const ir::Program& prog, const RunOptions& opts, rt::RunResult& out, Diagnostics& diags);

}  // namespace tco::interp
