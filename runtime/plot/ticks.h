// Axis ranges and ticks people read at a glance: steps of 1, 2 or 5 times a power of ten,
// powers of ten on log axes, labels with SI suffixes (1.5k, 10M).
#pragma once
#include <string>
#include <vector>

namespace tco::rt::plot {

struct Tick {
  double value;
  std::string label;
};

struct AxisTicks {
  double lo = 0, hi = 1;  // the range the axis spans
  bool log = false;
  std::vector<Tick> ticks;  // ascending, all within [lo, hi]
};

// 1, 2 or 5 times a power of ten: about `target` steps across `span` (> 0).
double nice_step(double span, int target);

// A linear axis over the data range [lo, hi]. `extend` widens the range outward to whole
// steps (a value axis); without it the range is the data's and the ticks fall inside it (an
// axis of sweep points, which should span the plot edge to edge). A zero-width range is
// widened first.
AxisTicks linear_axis(double lo, double hi, int target, bool extend);

// A log axis over [lo, hi] (lo > 0). The densest of these with at most `target` ticks: 1, 2
// and 5 times each power of ten; powers of ten; every 2nd, 5th, 10th, ... power. Every digit
// when 1-2-5 leaves fewer than three. `extend` widens the range to the enclosing 1-2-5 values.
AxisTicks log_axis(double lo, double hi, bool extend, int target = 8);

// Ticks at the given values (a geometric sweep axis: its own points), labelled exactly.
AxisTicks value_axis(const std::vector<double>& values);

// A tick label: SI suffix (k, M, G, T, P) from 1,000 up, as many decimals as `step` needs,
// trailing zeros dropped. 1500 with step 500 is "1.5k"; 0.25 with step 0.05 is "0.25".
std::string si_label(double v, double step);

// A label that keeps four significant digits: 1024 stays "1024", 100000 is "100k".
std::string exact_label(double v);

}  // namespace tco::rt::plot
