// Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011). Key = the 64-bit seed; counter = (sample lo, sample hi, stream lo, stream hi).
#include "runtime/rng.h"

#include <array>

#include "runtime/rng_philox.h"

namespace tco::rt {

Philox4x32 philox4x32_10(Philox4x32 ctr, uint32_t k0, uint32_t k1) {
  constexpr uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
  constexpr uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += W0;
      k1 += W1;
    }
    const uint64_t p0 = uint64_t{M0} * ctr[0];
    const uint64_t p1 = uint64_t{M1} * ctr[2];
    const uint32_t hi0 = uint32_t(p0 >> 32), lo0 = uint32_t(p0);
    const uint32_t hi1 = uint32_t(p1 >> 32), lo1 = uint32_t(p1);
    ctr = {hi1 ^ ctr[1] ^ k0, lo1, hi0 ^ ctr[3] ^ k1, lo0};
  }
  return ctr;
}

double uniform01(uint64_t seed, uint64_t sample, uint64_t stream) {
  const Philox4x32 x = philox4x32_10(
      {uint32_t(sample), uint32_t(sample >> 32), uint32_t(stream), uint32_t(stream >> 32)},
      uint32_t(seed), uint32_t(seed >> 32));
  // 53 random bits: all of x[0] and the top 21 bits of x[1].
  const uint64_t m = (uint64_t{x[0]} << 21) | (x[1] >> 11);
  // (m + 0.5) / 2^53 lies strictly inside (0, 1) in exact arithmetic, but above 0.5 the
  // doubles are spaced 2^-53 apart, so m + 0.5 rounds (ties to even) and m = 2^53 - 1 would
  // give exactly 1.0: clamp that single case to the largest double below 1.
  const double u = (double(m) + 0.5) * 0x1p-53;
  return u < 1.0 ? u : 0x1.fffffffffffffp-1;
}

}  // namespace tco::rt

extern "C" double tco_rt_uniform01(uint64_t seed, uint64_t sample, uint64_t stream) {
  return tco::rt::uniform01(seed, sample, stream);
}
