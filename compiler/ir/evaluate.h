// What each instruction computes, on doubles: the interpreter runs kernels with it, and the
// builder folds searches whose inputs are all known with it. ops.h holds the arithmetic;
// this adds the instructions that read the point (Index, Uniform), tables, and searches.
#pragma once
#include <cstdint>
#include <vector>

#include "compiler/ir/ir.h"

namespace tco::ir {

struct Frame {
  const Kernel& k;
  double* regs;                                 // one per instruction
  const uint64_t* axis_index = nullptr;         // the point's index on each axis
  uint64_t point = 0;                           // the point's flat index (random draws)
  const std::vector<uint32_t>* ends = nullptr;  // search_end() of each SearchBegin, if known
};

// Evaluates instruction `i` into regs[i]; returns the next instruction to evaluate: i + 1,
// or for a SearchBegin the one after its SearchEnd (the whole search run by bisect(), the
// index found in regs[end]).
size_t evaluate(const Frame& f, size_t i);

}  // namespace tco::ir
