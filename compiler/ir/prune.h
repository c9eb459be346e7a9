// Dead-instruction removal: folding leaves constants and intermediate values that no output,
// filter, objective or key reads. Pruning renumbers the survivors, keeping their order.
#pragma once
#include "compiler/ir/ir.h"

namespace tco::ir {

void prune(Kernel& k);

// The one axis every key depends on, or -1 (Kernel::key_axis).
int single_key_axis(const Kernel& k);

}  // namespace tco::ir
