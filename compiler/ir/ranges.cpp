#include "compiler/ir/ranges.h"

#include <cmath>

namespace tco::ir {

RangeFacts range_facts(double lo, double hi, double by, bool geometric) {
  RangeFacts f;
  if (!std::isfinite(lo) || !std::isfinite(hi) || !std::isfinite(by)) {
    f.problem = DiagKind::RangeNotFinite;
    f.hint = "`none`, an overflow or a division by zero cannot end a range; give finite ends";
  } else if (geometric && by <= 1) {
    f.problem = DiagKind::RatioNotAboveOne;
    f.hint = "each value is the previous one times the ratio, e.g. `1 .. 512 geometric 2`";
    f.at_step = true;
  } else if (geometric && lo <= 0) {
    f.problem = DiagKind::GeometricStartNotPositive;
    f.hint = "each value is the previous one times the ratio, so a start of zero never grows";
  } else if (!geometric && by <= 0) {
    f.problem = DiagKind::StepNotPositive;
    f.hint = "the values go up from the start by the step, e.g. `0 .. 100 step 10`";
    f.at_step = true;
  } else if (hi >= lo) {
    f.count = std::floor((geometric ? std::log(hi / lo) / std::log(by) : (hi - lo) / by) + kRangeEndSlack) + 1;
  }
  return f;
}

}  // namespace tco::ir
