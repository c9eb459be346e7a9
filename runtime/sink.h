// The ABI between a kernel (JIT-compiled or interpreted) and the runtime that runs it.
//
// A kernel evaluates points [begin, end) of its index space. For each point that passes
// every `where`, it writes the point's values to a buffer laid out as
//   outputs (spec.width) | objectives | keys
// and calls sink->add(sink, index, values). Points are visited in increasing index order.
//
// `threshold` lets a kernel skip points that cannot matter without a call: for a `best`
// without `by`, or a `top N`, the sink keeps it at the objective to beat (NaN = accept
// all). A kernel that uses it calls add() only when the threshold is NaN or its objective
// is strictly better (< for min, > for max); ties keep the lower index, so strictness is
// exact. Kernels may ignore the threshold; the sink's reducer decides anyway.
#pragma once
#include <cstdint>

extern "C" {

struct TcoSink {
  void (*add)(TcoSink* self, uint64_t index, const double* values);
  double threshold;
  int use_threshold;  // 1 when the threshold applies to this kernel's first objective
  int maximize;       // direction of the first objective
  // A `best ... by` whose keys depend on one axis only (ir::Kernel::key_axis): the objective
  // to beat for each index along that axis (NaN = none yet), kept by the sink. A kernel
  // skips a point unless group_threshold[its index on key_axis] is NaN or strictly worse.
  // Null when unused; then the kernel reports every kept point.
  double* group_threshold;
  // Points that passed every `where`, counted by the kernel whether or not it called add()
  // (threshold skipping would otherwise hide them from the "N met `where`" note).
  uint64_t kept;
};

// What every kernel reads besides its point indices.
struct TcoKernelArgs {
  const double* const* tables;  // ir::Kernel::tables, in order
  const uint64_t* axis_sizes;   // one per axis
  uint64_t seed;                // simulations
};

// begin/end: flat point indices (row-major, last axis fastest).
typedef void (*TcoKernelFn)(uint64_t begin, uint64_t end, const TcoKernelArgs* args, TcoSink* sink);
}

#if defined(__clang__)
#define TCO_NO_FUNCTION_SANITIZER __attribute__((no_sanitize("function")))
#else
#define TCO_NO_FUNCTION_SANITIZER
#endif

namespace tco {

// Every call of a kernel goes through here. Clang's function sanitizer (in
// -fsanitize=undefined since clang 17) checks an indirect call by reading a signature from
// the 8 bytes before the callee's first instruction; a JIT-compiled kernel has none, and the
// first kernel of a module starts its code page, so the read lands in whatever precedes the
// page: mapped memory on most runs, an unmapped page on some, and then a SEGV (the clang
// fuzz build crashed this way after a few hundred plans, reproducibly with --jit-cpu znver4).
TCO_NO_FUNCTION_SANITIZER inline void call_kernel(TcoKernelFn fn, uint64_t begin, uint64_t end,
                                                  const TcoKernelArgs* args, TcoSink* sink) {
  fn(begin, end, args, sink);
}

}  // namespace tco
