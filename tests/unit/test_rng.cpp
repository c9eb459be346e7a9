#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "runtime/rng.h"
#include "runtime/rng_philox.h"

using namespace tco::rt;

TEST_CASE("philox4x32-10 matches the Random123 known-answer vectors", "[rng]") {
  CHECK(philox4x32_10({0, 0, 0, 0}, 0, 0) ==
        Philox4x32{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
  const uint32_t ones = 0xffffffffu;
  CHECK(philox4x32_10({ones, ones, ones, ones}, ones, ones) ==
        Philox4x32{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
  // The third Random123 vector (digits of pi).
  CHECK(philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, 0xa4093822u,
                      0x299f31d0u) == Philox4x32{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("uniform01 is a pure function of (seed, sample, stream)", "[rng]") {
  const double a = uniform01(42, 7, 3);
  CHECK(uniform01(42, 7, 3) == a);
  CHECK(tco_rt_uniform01(42, 7, 3) == a);
  CHECK(uniform01(43, 7, 3) != a);
  CHECK(uniform01(42, 8, 3) != a);
  CHECK(uniform01(42, 7, 4) != a);
  // High words of seed, sample and stream all matter.
  CHECK(uniform01(42 + (1ull << 32), 7, 3) != a);
  CHECK(uniform01(42, 7 + (1ull << 32), 3) != a);
  CHECK(uniform01(42, 7, 3 + (1ull << 32)) != a);
}

TEST_CASE("uniform01 does not depend on call order", "[rng]") {
  std::vector<double> forward, backward(1000);
  for (uint64_t i = 0; i < 1000; ++i) forward.push_back(uniform01(5, i, i % 3));
  for (uint64_t i = 1000; i-- > 0;) backward[i] = uniform01(5, i, i % 3);
  CHECK(forward == backward);
}

TEST_CASE("uniform01 is uniform on the open interval (0, 1)", "[rng]") {
  const int n = 1000000;
  double sum = 0, sum_sq = 0, lo = 1, hi = 0;
  int outside = 0, below_half = 0;
  for (int i = 0; i < n; ++i) {
    const double u = uniform01(42, uint64_t(i), 0);
    if (!(u > 0 && u < 1)) ++outside;
    if (u < 0.5) ++below_half;
    sum += u;
    sum_sq += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  CHECK(outside == 0);
  const double mean = sum / n;
  CHECK(std::fabs(mean - 0.5) < 5 * std::sqrt(1.0 / 12 / n));  // 5 sigma
  CHECK(std::fabs(sum_sq / n - mean * mean - 1.0 / 12) < 1e-3);
  CHECK(std::abs(below_half - n / 2) < 5 * 500);  // sigma = sqrt(n)/2 = 500
  CHECK(lo < 1e-5);
  CHECK(hi > 1 - 1e-5);
}
