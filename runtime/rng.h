// Counter-based random numbers (Philox4x32-10): the u-th uniform of sample i under seed s
// is a pure function of (s, i, u), so the interpreter and JIT-compiled kernels draw the
// same numbers whatever the order or thread count.
#pragma once
#include <cstdint>

namespace tco::rt {

// Uniform in the open interval (0, 1), 53 bits.
double uniform01(uint64_t seed, uint64_t sample, uint64_t stream);

}  // namespace tco::rt

// The same function for compiled kernels to call.
extern "C" double tco_rt_uniform01(uint64_t seed, uint64_t sample, uint64_t stream);
