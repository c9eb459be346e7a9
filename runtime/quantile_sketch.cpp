#include "runtime/quantile_sketch.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tco::rt {
namespace {

constexpr double kGamma = (1 + QuantileSketch::kRelativeError) / (1 - QuantileSketch::kRelativeError);
const double kLogGamma = std::log(kGamma);

int bucket_of(double magnitude) { return static_cast<int>(std::ceil(std::log(magnitude) / kLogGamma)); }

// Within kRelativeError of every magnitude in bucket i: (gamma^(i-1), gamma^i].
double representative(int i) { return 2 * std::exp(i * kLogGamma) / (kGamma + 1); }

}  // namespace

void QuantileSketch::add(double x) {
  ++count_;
  if (std::isnan(x)) ++nans_;
  else if (x == 0) ++zeros_;
  else if (std::isinf(x)) ++(x > 0 ? pos_inf_ : neg_inf_);
  else if (x > 0) ++positive_[bucket_of(x)];
  else ++negative_[bucket_of(-x)];
}

void QuantileSketch::merge(const QuantileSketch& o) {
  for (const auto& [b, n] : o.positive_) positive_[b] += n;
  for (const auto& [b, n] : o.negative_) negative_[b] += n;
  zeros_ += o.zeros_;
  neg_inf_ += o.neg_inf_;
  pos_inf_ += o.pos_inf_;
  nans_ += o.nans_;
  count_ += o.count_;
}

double QuantileSketch::value_at_rank(uint64_t k) const {
  // Ascending: -inf, negatives by decreasing magnitude, zeros, positives, +inf, NaN.
  if (k < neg_inf_) return -std::numeric_limits<double>::infinity();
  k -= neg_inf_;
  for (auto it = negative_.rbegin(); it != negative_.rend(); ++it) {
    if (k < it->second) return -representative(it->first);
    k -= it->second;
  }
  if (k < zeros_) return 0;
  k -= zeros_;
  for (const auto& [b, n] : positive_) {
    if (k < n) return representative(b);
    k -= n;
  }
  if (k < pos_inf_) return std::numeric_limits<double>::infinity();
  return std::numeric_limits<double>::quiet_NaN();
}

double QuantileSketch::percentile(double p) const {
  if (count_ == 0 || std::isnan(p)) return std::numeric_limits<double>::quiet_NaN();
  const double h = double(count_ - 1) * std::clamp(p, 0.0, 100.0) / 100;
  const double fl = std::floor(h);
  const uint64_t lo = std::min(static_cast<uint64_t>(fl), count_ - 1);
  const uint64_t hi = std::min(lo + 1, count_ - 1);
  const double t = h - fl, a = value_at_rank(lo);
  if (t == 0 || lo == hi) return a;
  const double b = value_at_rank(hi);
  if (a == b) return a;
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

}  // namespace tco::rt
