// The sweep executor: splits a kernel's index space over threads, each feeding its own
// streaming reducer, and merges them in index order so that the result is identical
// whatever the thread count.
#pragma once
#include <atomic>
#include <functional>
#include <string>

#include "runtime/reduce.h"
#include "runtime/sink.h"

namespace tco::rt {

struct ExecOptions {
  unsigned threads = 0;         // 0: all hardware threads
  bool progress = false;        // draw a progress bar on stderr for long runs
  std::string title;            // for the progress bar
};

struct ExecLayout {
  size_t width = 0;       // outputs per point
  size_t objectives = 0;
  size_t keys = 0;
  // `best ... by` keyed by one axis (ir::Kernel::key_axis): where that axis's index sits in
  // a flat point index, for the per-index thresholds of runtime/sink.h.
  int key_axis = -1;
  uint64_t key_stride = 1;  // product of the sizes of the axes inside it
  uint64_t key_size = 0;
};

// Evaluates points [begin, end) and reports the kept ones to the sink.
using ChunkFn = std::function<void(uint64_t begin, uint64_t end, TcoSink* sink)>;

struct ExecResult {
  Reducer reducer;
  bool overflowed = false;  // a plain sweep kept more rows than the spec allows
  bool out_of_memory = false;  // the reduction could not keep what it needed: no result
  uint64_t kept = 0;        // points that passed every `where`
};

ExecResult execute(uint64_t points, const ReduceSpec& spec, const ExecLayout& layout, const ChunkFn& chunk,
                   const ExecOptions& opts);

// This machine's physical memory in bytes (0 when it cannot be read).
uint64_t physical_memory();

}  // namespace tco::rt
