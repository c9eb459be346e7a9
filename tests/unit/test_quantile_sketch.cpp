// The percentile sketch (runtime/quantile_sketch.h): within its stated relative error of the
// exact percentile for any distribution, signs, zeros and infinities included, and the same
// whatever way the samples are split among reducers and merged.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

#include "runtime/quantile_sketch.h"
#include "runtime/reduce.h"

namespace {

using tco::rt::Agg;
using tco::rt::QuantileSketch;
using tco::rt::Reducer;
using tco::rt::ReduceSpec;

const std::vector<double> kPercents = {0, 0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9, 100};

// One summary row of `xs` through a reducer: every percentile of kPercents, by `kind`,
// with the samples split into `parts` reducers merged in order.
std::vector<double> summary(const std::vector<double>& xs, Agg kind, size_t parts) {
  ReduceSpec spec;
  spec.kind = ReduceSpec::Summary;
  spec.width = kPercents.size();
  for (double p : kPercents) spec.aggs.push_back({kind, p});
  std::vector<Reducer> reducers;
  for (size_t i = 0; i < parts; ++i) reducers.emplace_back(spec);
  std::vector<double> row(kPercents.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    std::fill(row.begin(), row.end(), xs[i]);
    reducers[i * parts / xs.size()].add(i, row.data(), nullptr, nullptr);
  }
  for (size_t i = 1; i < parts; ++i) reducers[0].merge(std::move(reducers[i]));
  return reducers[0].finish().at(0);
}

void check_within_bound(const std::vector<double>& xs) {
  auto exact = summary(xs, Agg::Percentile, 1);
  auto sketched = summary(xs, Agg::Sketch, 1);
  for (size_t i = 0; i < kPercents.size(); ++i) {
    INFO("p" << kPercents[i] << ": exact " << exact[i] << ", sketch " << sketched[i]);
    if (std::isnan(exact[i]) || std::isinf(exact[i])) {
      CHECK(((std::isnan(exact[i]) && std::isnan(sketched[i])) || exact[i] == sketched[i]));
      continue;
    }
    // Interpolating between two estimates each within the bound keeps the bound, up to
    // rounding in the last bits.
    CHECK(std::fabs(sketched[i] - exact[i]) <= QuantileSketch::kRelativeError * std::fabs(exact[i]) * (1 + 1e-9) + 1e-300);
  }
}

}  // namespace

TEST_CASE("sketched percentiles are within the stated relative error of the exact ones", "[sketch]") {
  std::mt19937_64 rng(42);
  std::vector<double> xs(20000);
  SECTION("uniform") {
    std::uniform_real_distribution<double> d(18, 30);
    for (auto& x : xs) x = d(rng);
    check_within_bound(xs);
  }
  SECTION("heavy-tailed, over many orders of magnitude") {
    std::lognormal_distribution<double> d(0, 4);
    for (auto& x : xs) x = d(rng);
    check_within_bound(xs);
  }
  SECTION("both signs, exact zeros, infinities and NaN") {
    std::normal_distribution<double> d(0, 1e3);
    for (size_t i = 0; i < xs.size(); ++i) xs[i] = i % 97 == 0 ? 0.0 : d(rng);
    xs[5] = std::numeric_limits<double>::infinity();
    xs[6] = -std::numeric_limits<double>::infinity();
    xs[7] = std::numeric_limits<double>::quiet_NaN();
    check_within_bound(xs);
  }
  SECTION("a constant") {
    std::fill(xs.begin(), xs.end(), 2.5);
    check_within_bound(xs);
  }
}

TEST_CASE("a sketch's percentiles do not depend on how the samples were split", "[sketch]") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> d(1, 2);
  std::vector<double> xs(10000);
  for (auto& x : xs) x = d(rng);
  auto one = summary(xs, Agg::Sketch, 1);
  for (size_t parts : {2, 3, 7, 64}) CHECK(summary(xs, Agg::Sketch, parts) == one);
}

TEST_CASE("a sketch's memory grows with the spread of values, not their count", "[sketch]") {
  QuantileSketch s;
  for (int i = 0; i < 1000000; ++i) s.add(1 + (i % 1000) / 1000.0);  // within a factor of 2
  CHECK(s.count() == 1000000);
  CHECK(s.buckets() <= 72);  // ln 2 / ln((1 + 0.005) / (1 - 0.005)) = 69.3
  CHECK(QuantileSketch().percentile(50) != QuantileSketch().percentile(50));  // empty: NaN
}
