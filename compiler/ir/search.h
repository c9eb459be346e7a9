// Bounded searches (`largest x in a .. b where cond`) in the IR: the bisection every engine
// runs, and the shape of a search's body. Lowering writes a search as
//   %n = ...count of the range's values...
//   %s = SearchBegin %n            the candidate index, inside the body
//   ...the body: the value at %s, the condition...
//   %f = SearchEnd %s, %cond       the index found, or -1
// so a search costs one copy of its condition, evaluated about log2(n) times.
#pragma once
#include <cstdint>
#include <string>

#include "compiler/ir/ir.h"

namespace tco::ir {

// How many values a search tries: `n` when it is a whole number from 1 to 2^53, else none
// (an empty, invalid or unrepresentable range finds nothing).
inline uint64_t search_count(double n) {
  return n >= 1 && n <= 9007199254740992.0 ? static_cast<uint64_t>(n) : 0;
}

// The bisection over the indexes 0 .. count-1; `holds(index)` evaluates the condition there
// (a non-zero value holds, NaN too, as in `where`). The index found, or -1. When the condition
// holds on a prefix of the indexes (largest) or a suffix (smallest), that is the last (first)
// index where it holds; otherwise it is an index where it holds whose neighbour beyond it (the
// next for largest, the previous for smallest) does not, or is outside the range. The
// compiled kernels (compiler/codegen) run the very same steps.
template <class Holds>
double bisect(double n, bool largest, Holds&& holds) {
  const uint64_t count = search_count(n);
  uint64_t lo = 0, hi = count;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    const bool c = holds(static_cast<double>(mid));
    if (c == largest) lo = mid + 1;
    else hi = mid;
  }
  if (largest) return lo == 0 ? -1.0 : static_cast<double>(lo - 1);
  return lo == count ? -1.0 : static_cast<double>(lo);
}

// The SearchEnd that closes the SearchBegin at `begin` (the kernel is well formed).
size_t search_end(const Kernel& k, size_t begin);

// "" when every SearchBegin is closed by one SearchEnd naming it, searches nest, and no
// instruction outside a body reads a value of the body; else what is wrong.
std::string check_searches(const Kernel& k);

}  // namespace tco::ir
