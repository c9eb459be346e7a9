#include "compiler/ir/prune.h"

#include "compiler/ir/analysis.h"

namespace tco::ir {

void prune(Kernel& k) {
  std::vector<bool> live(k.insts.size(), false);
  for (const auto* roles : {&k.where, &k.outputs, &k.objectives, &k.keys})
    for (ValueId v : *roles) live[v] = true;
  // Operands always precede their users, so one backward pass finds everything live.
  for (size_t i = k.insts.size(); i-- > 0;) {
    if (!live[i]) continue;
    for_each_operand(k.insts[i], [&](ValueId v) { live[v] = true; });
  }
  std::vector<ValueId> renumber(k.insts.size());
  std::vector<Inst> kept;
  for (size_t i = 0; i < k.insts.size(); ++i) {
    if (!live[i]) continue;
    Inst in = k.insts[i];
    for_each_operand(in, [&](ValueId& v) { v = renumber[v]; });
    renumber[i] = static_cast<ValueId>(kept.size());
    kept.push_back(in);
  }
  k.insts = std::move(kept);
  for (auto* roles : {&k.where, &k.outputs, &k.objectives, &k.keys})
    for (ValueId& v : *roles) v = renumber[v];
}

int single_key_axis(const Kernel& k) {
  if (k.keys.empty()) return -1;
  const std::vector<uint64_t> axes = axis_dependencies(k);
  uint64_t all = 0;
  for (ValueId v : k.keys) all |= axes[v];
  if (all == 0 || (all & (all - 1)) != 0 || all == ~uint64_t(0)) return -1;
  int axis = 0;
  while (!(all & 1)) all >>= 1, ++axis;
  return axis < static_cast<int>(k.axes.size()) ? axis : -1;
}

}  // namespace tco::ir
