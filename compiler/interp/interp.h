#pragma once
#include "compiler/ir/ir.h"
#include "runtime/sink.h"

namespace tco::interp {

// Evaluates points [begin, end) of a kernel and reports the kept ones to the sink, with the
// same protocol as a JIT-compiled kernel (runtime/sink.h). Safe to call from several
// threads at once on one kernel.
void run_chunk(const ir::Kernel& k, uint64_t begin, uint64_t end, TcoSink* sink);

}  // namespace tco::interp
