// Percentiles of more samples than memory holds: a log-bucketed histogram (the DDSketch
// construction, Masson, Rim & Lee, VLDB 2019). A value x > 0 falls in bucket
// ceil(log_gamma(x)); the bucket's representative 2·gamma^i/(gamma+1) is within
// kRelativeError of every value in it, so the k-th smallest value is estimated within that
// relative error, whatever the distribution. Buckets only count, so merging two sketches is
// adding their counts: the result depends neither on how the samples were split among
// threads nor on their order. Memory grows with the spread of the values (about 70 buckets
// per factor of 2 at 0.5%), not with their number.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>

namespace tco::rt {

class QuantileSketch {
 public:
  // The bound on |estimate - exact| / |exact| for each order statistic the sketch returns.
  static constexpr double kRelativeError = 0.005;

  void add(double x);
  void merge(const QuantileSketch& o);
  uint64_t count() const { return count_; }
  // numpy.percentile(method="linear") over the estimated order statistics: h = (n-1)·p/100,
  // interpolated between ranks floor(h) and floor(h)+1; NaN sorts last, as exactly.
  double percentile(double p) const;
  size_t buckets() const { return positive_.size() + negative_.size(); }

 private:
  double value_at_rank(uint64_t k) const;  // the k-th smallest (0-based), estimated

  std::map<int, uint64_t> negative_;  // by the bucket of |x|
  std::map<int, uint64_t> positive_;
  uint64_t zeros_ = 0, neg_inf_ = 0, pos_inf_ = 0, nans_ = 0, count_ = 0;
};

}  // namespace tco::rt
