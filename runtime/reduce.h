// Streaming reductions of sweep and simulation points: the rows a study prints are
// computed as points arrive, never by materialising the whole index space.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

namespace tco::rt {

// Sketch: a percentile from a QuantileSketch (quantile_sketch.h), for more samples than
// memory holds: within its relative error of the exact one.
enum class Agg { Mean, Min, Max, Sum, Count, Stddev, Percentile, Sketch };
struct AggSpec {
  Agg kind = Agg::Mean;
  double p = 50;  // Percentile, Sketch: 0..100
};

struct ReduceSpec {
  enum Kind { All, Best, Top, Pareto, Summary } kind = All;
  size_t width = 0;            // doubles per row (the `show` columns)
  std::vector<bool> maximize;  // one per objective: Best/Top 1, Pareto 2
  size_t keys = 0;             // Best: group-key values per point (0: one best overall)
  uint64_t top_n = 0;          // Top
  std::vector<AggSpec> aggs;   // Summary: one per column
  uint64_t max_rows = 1000000; // All: beyond this the reducer stops keeping rows
};

// Points are added in increasing index order within one reducer; merge() joins a reducer
// that covered a later, disjoint index range, so results do not depend on how the index
// space was split. Ties always go to the lower index. A point whose objective is NaN is
// never best, top or on the frontier.
class Reducer {
 public:
  explicit Reducer(ReduceSpec spec);
  ~Reducer();
  Reducer(Reducer&&) noexcept;
  Reducer& operator=(Reducer&&) noexcept;

  // row: spec.width values; obj: one per objective; keys: spec.keys values.
  void add(uint64_t index, const double* row, const double* obj, const double* keys);
  void merge(Reducer&& later);
  // Points offered to add(). Kernels skip points that cannot beat a threshold (sink.h), so
  // this is not the count of points that met `where`: the sink's `kept` is.
  uint64_t points() const;
  bool overflowed() const;     // All: more rows than max_rows
  // The rows in the order docs/json.md promises: All by index; Best by first appearance of
  // each group; Top best first; Pareto by the first metric, best first; Summary one row.
  std::vector<std::vector<double>> finish() const;
  // The objective a new point must strictly beat (in the objective's own direction) to change
  // the result, or NaN when any point might: only a `best` without keys and a full `top N`
  // have one. Kernels use it to skip points without calling add() (runtime/sink.h).
  double threshold() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tco::rt
