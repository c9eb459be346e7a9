// The order items run in: an item that reads a bound study's result (`pick.cost`) must wait
// for that study, wherever the file lists it; everything else keeps its place.
#include <algorithm>

#include "compiler/ir/ir.h"

namespace tco::ir {

bool order_by_reads(Program& p) {
  std::vector<bool> study_done(p.studies.size(), false);
  auto ready = [&](const ItemRef& r) {
    const auto& reads = p.kernel(r.kind, r.index).reads;
    return std::all_of(reads.begin(), reads.end(), [&](const StudyRead& s) { return study_done[s.study]; });
  };
  std::vector<ItemRef> ordered, waiting;
  ordered.reserve(p.order.size());
  // An item waits for its studies and then runs right after the last of them, before what
  // follows it in the file; those it was waiting with keep their order among themselves.
  auto emit = [&](const ItemRef& r) {
    ordered.push_back(r);
    if (r.kind == ItemKind::Study) study_done[r.index] = true;
  };
  for (const ItemRef& r : p.order) {
    if (!ready(r)) {
      waiting.push_back(r);
      continue;
    }
    emit(r);
    if (r.kind != ItemKind::Study) continue;
    for (auto it = std::find_if(waiting.begin(), waiting.end(), ready); it != waiting.end();
         it = std::find_if(waiting.begin(), waiting.end(), ready)) {
      ItemRef w = *it;
      waiting.erase(it);
      emit(w);
    }
  }
  if (!waiting.empty()) return false;  // a cycle
  p.order = std::move(ordered);
  return true;
}

}  // namespace tco::ir
