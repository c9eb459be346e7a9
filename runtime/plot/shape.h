// What a chart needs to know about a sweep or simulation beyond its table: which columns
// identify a point (its axes) and which are its figures, how the axes were spaced, what the
// reduction optimised. The driver fills it from the IR; runtime/plot never sees the IR.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/reduce.h"
#include "runtime/results.h"

namespace tco::rt::plot {

enum class AxisScale { List, Step, Geometric };

struct AxisShape {
  std::string name;
  uint64_t size = 1;
  AxisScale scale = AxisScale::List;
  int column = -1;  // the column showing the axis's value (a record axis: its name), or -1
};

struct StudyShape {
  bool simulation = false;
  size_t table = 0;  // index into RunResult::sweeps or ::simulations
  ReduceSpec::Kind reduction = ReduceSpec::All;
  std::vector<AxisShape> axes;
  // Per column: bit k set when its value depends on axis k (every bit: on anything).
  std::vector<uint64_t> depends;
  std::vector<int> objectives;  // per objective of best/top/pareto: the column showing it, or -1
  std::vector<bool> maximize;   // per objective
  uint64_t key_axes = 0;        // `best ... by`: the axes the group keys depend on
  std::vector<AggSpec> aggs;    // a summary's statistic per column
  bool streamed = false;        // `--out`: the rows went to a file, none are in the table
  // Pareto sweeps and simulations: every point that met `where` (every sample), as rows of
  // the table's columns, in index order; empty when there were more than `kCloudCap`.
  std::vector<std::vector<Cell>> cloud;
  bool cloud_overflowed = false;
};

// Beyond this many points a chart draws no cloud: the SVG would be too heavy to open.
inline constexpr uint64_t kCloudCap = 20000;
// A simulation's histogram is drawn from at most this many samples (the first ones).
inline constexpr uint64_t kSampleCap = 200000;

}  // namespace tco::rt::plot
