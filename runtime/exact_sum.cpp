#include "runtime/exact_sum.h"

#include <limits>

namespace tco::rt {

void ExactSum::normalize() {
  int64_t carry = 0;
  for (int i = 0; i < kLimbs; ++i) {
    const int64_t v = limbs_[i] + carry;
    if (i + 1 < kLimbs) {
      carry = v >> 32;  // arithmetic shift: floor division by 2^32
      limbs_[i] = v - carry * (int64_t(1) << 32);
    } else {
      limbs_[i] = v;
    }
  }
  pending_ = 0;
}

void ExactSum::add(const ExactSum& o) {
  ExactSum b = o;
  b.normalize();
  normalize();
  for (int i = 0; i < kLimbs; ++i) limbs_[i] += b.limbs_[i];
  normalize();
  nan_ |= o.nan_, pinf_ |= o.pinf_, ninf_ |= o.ninf_;
}

double ExactSum::value() const {
  if (nan_ || (pinf_ && ninf_)) return std::numeric_limits<double>::quiet_NaN();
  if (pinf_) return std::numeric_limits<double>::infinity();
  if (ninf_) return -std::numeric_limits<double>::infinity();
  ExactSum a = *this;
  a.normalize();
  // After normalize() limbs 0..n-2 are in [0, 2^32) and the top limb carries the sign.
  const bool negative = a.limbs_[kLimbs - 1] < 0;
  if (negative) {  // magnitude = two's complement of the limb vector
    int64_t carry = 1;
    for (int i = 0; i < kLimbs; ++i) {
      const int64_t v = (i + 1 < kLimbs ? (~a.limbs_[i] & 0xffffffff) : -a.limbs_[i] - 1) + carry;
      if (i + 1 < kLimbs) {
        carry = v >> 32;
        a.limbs_[i] = v & 0xffffffff;
      } else {
        a.limbs_[i] = v;
      }
    }
  }
  int h = kLimbs - 1;
  while (h >= 0 && a.limbs_[h] == 0) --h;
  if (h < 0) return 0.0;
  // A 128-bit window of the top limbs, with the lower limbs folded into a sticky bit: its
  // lowest bit lies far below the 53-bit rounding point, so one correctly rounded
  // conversion of the window rounds the whole sum correctly.
  const int lo = h >= 3 ? h - 3 : 0;
  unsigned __int128 w = 0;
  for (int i = h; i >= lo; --i) w = (w << 32) | static_cast<uint64_t>(a.limbs_[i]);
  bool sticky = false;
  for (int i = lo - 1; i >= 0; --i) sticky |= a.limbs_[i] != 0;
  if (sticky) w |= 1;
  // Windows below 2^-1022 are small exact integers (no rounding); above, scaling is exact.
  const double r = std::ldexp(static_cast<double>(w), 32 * lo - 1074);
  return negative ? -r : r;
}

void ExactSum::split(double& hi, double& lo) const {
  hi = value();
  if (!std::isfinite(hi)) {
    lo = 0;
    return;
  }
  ExactSum rest = *this;
  rest.add(-hi);
  lo = rest.value();
}

}  // namespace tco::rt
