// How much stack the current thread has left, for the passes that recurse through a plan's
// definitions (the checker, lowering). Expression trees are capped (E0007), but a chain of
// definitions is not: 300,000 functions each calling the next fit in a 12 MB plan, and
// following them recursed deeper than even the driver's 512 MiB stack (big_stack.h). Such a
// pass asks stack_nearly_full() on entry and stops with E0124 instead of crashing.
#pragma once
#include <cstddef>

#include "compiler/diagnostics/diagnostics.h"

namespace tco {

// Stack kept free below the point where stack_nearly_full() turns true: room for one
// expression's worth of recursion (at most 10,000 levels, E0007) in a sanitizer build.
constexpr size_t kStackReserveBytes = size_t(64) << 20;

// True when less than kStackReserveBytes (or a quarter of a smaller stack) is left below
// the caller's frame.
bool stack_nearly_full();

// E0124 at `at`, the expression where the stack ran out.
void report_definitions_too_deep(Diagnostics& diags, Span at);

}  // namespace tco
