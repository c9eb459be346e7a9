// The values of a range `lo .. hi`, `lo .. hi step d` or `lo .. hi geometric r`: the one
// numbering that a sweep's axis and a bounded search share. Value i is lo + i*d (lo * r^i),
// for i from 0 while it stays within hi.
#pragma once
#include <optional>

#include "compiler/diagnostics/diagnostics.h"

namespace tco::ir {

// Rounding may land a range's last value a hair short of its end (0.1 .. 0.3 step 0.1);
// counting with this slack keeps that end.
inline constexpr double kRangeEndSlack = 1e-9;

struct RangeFacts {
  double count = 0;               // how many values; 0 for an empty range
  std::optional<DiagKind> problem;  // why the range is refused, or none
  const char* hint = nullptr;
  bool at_step = false;           // the step or ratio is at fault, not the ends
};

// What a range with known ends and step (1 when none is written) holds, or why it is wrong:
// ends or step not finite, a step not above zero, a ratio not above 1, a geometric start not
// above zero. An empty range (end below start) is not a problem here: a sweep refuses
// it, a search finds nothing in it.
RangeFacts range_facts(double lo, double hi, double by, bool geometric);

}  // namespace tco::ir
