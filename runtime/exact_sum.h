// An exact accumulator of doubles (a "long accumulator"): the sum of any multiset of
// doubles is kept without rounding, so the result does not depend on the order of the
// additions or on how a stream was split between reducers. Rounded once, on read.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace tco::rt {

class ExactSum {
 public:
  void add(double x) {
    uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const int biased = int((bits >> 52) & 0x7ff);
    if (biased == 0x7ff) {  // inf or NaN: kept aside, IEEE rules applied on read
      if (bits & 0xfffffffffffffull) nan_ = true;
      else if (bits >> 63) ninf_ = true;
      else pinf_ = true;
      return;
    }
    uint64_t mant = bits & 0xfffffffffffffull;
    if (biased != 0) mant |= 1ull << 52;
    if (mant == 0) return;
    // value = mant * 2^(max(biased,1) - 1075); bit offset from 2^-1074:
    const int off = (biased == 0 ? 1 : biased) - 1;
    const int limb = off >> 5, shift = off & 31;
    const unsigned __int128 v = static_cast<unsigned __int128>(mant) << shift;
    const int64_t d0 = int64_t(uint64_t(v) & 0xffffffffu);
    const int64_t d1 = int64_t(uint64_t(v >> 32) & 0xffffffffu);
    const int64_t d2 = int64_t(uint64_t(v >> 64));
    if (bits >> 63) {
      limbs_[limb] -= d0, limbs_[limb + 1] -= d1, limbs_[limb + 2] -= d2;
    } else {
      limbs_[limb] += d0, limbs_[limb + 1] += d1, limbs_[limb + 2] += d2;
    }
    if (++pending_ == kNormalizeEvery) normalize();
  }
  void add(const ExactSum& o);
  // The exact sum rounded to the nearest double (ties to even); inf/NaN per IEEE.
  double value() const;
  // hi = value(), lo = the rounded remainder: hi + lo approximates the sum to ~2^-106.
  void split(double& hi, double& lo) const;

 private:
  // Limb i holds digits of weight 2^(32i - 1074); limbs may leave [0, 2^32) between
  // normalizations (carry-save), each add() moves a limb by less than 2^32.
  static constexpr int kLimbs = 70;  // 2098 bits of range + headroom for carries
  static constexpr uint32_t kNormalizeEvery = 1u << 30;
  void normalize();
  int64_t limbs_[kLimbs] = {};
  uint32_t pending_ = 0;
  bool nan_ = false, pinf_ = false, ninf_ = false;
};

}  // namespace tco::rt
