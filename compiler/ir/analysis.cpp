// What the engines need to know of a kernel's instructions before running them.
#include "compiler/ir/analysis.h"

#include <algorithm>
#include <string>

#include "compiler/ir/search.h"

namespace tco::ir {

std::string check_kernel(const Kernel& k) {
  auto fail = [&](size_t i, const std::string& what) { return "instruction " + std::to_string(i) + ": " + what; };
  for (size_t i = 0; i < k.insts.size(); ++i) {
    const Inst& in = k.insts[i];
    if (in.op > Op::SearchEnd) return fail(i, "unknown operation");
    if (in.op == Op::Table && in.a >= k.tables.size()) return fail(i, "no table " + std::to_string(in.a));
    if (in.op == Op::Index && in.a >= k.axes.size()) return fail(i, "no axis " + std::to_string(in.a));
    bool earlier = true;
    for_each_operand(in, [&](ValueId v) { earlier = earlier && v < i; });
    if (!earlier)
      return fail(i, in.op == Op::Table ? "index operand is not an earlier value" : "operand is not an earlier value");
  }
  if (std::string why = check_searches(k); !why.empty()) return why;
  if (k.key_axis < -1 || k.key_axis >= static_cast<int>(k.axes.size()))
    return "no key axis " + std::to_string(k.key_axis);
  for (const auto* list : {&k.where, &k.outputs, &k.objectives, &k.keys})
    for (ValueId v : *list)
      if (v >= k.insts.size()) return "value " + std::to_string(v) + " does not exist";
  for (const StudyRead& r : k.reads)
    if (r.table >= k.tables.size()) return "a study's result read into no table " + std::to_string(r.table);
  return "";
}

std::vector<uint64_t> axis_dependencies(const Kernel& k) {
  std::vector<uint64_t> axes(k.insts.size(), 0);
  for (size_t i = 0; i < k.insts.size(); ++i) {
    const Inst& in = k.insts[i];
    if (in.op == Op::Index) axes[i] = in.a < 64 ? uint64_t(1) << in.a : ~uint64_t(0);
    else if (in.op == Op::Uniform) axes[i] = ~uint64_t(0);
    else for_each_operand(in, [&](ValueId v) { axes[i] |= axes[v]; });
  }
  return axes;
}

std::vector<unsigned> loop_levels(const Kernel& k) {
  const unsigned axes = static_cast<unsigned>(k.axes.size());
  std::vector<unsigned> level(k.insts.size(), 0);
  for (size_t i = 0; i < k.insts.size(); ++i) {
    const Inst& in = k.insts[i];
    unsigned l = 0;
    switch (in.op) {
      case Op::Const: break;
      case Op::Index: l = in.a + 1; break;
      case Op::Uniform: l = axes; break;
      case Op::SearchEnd:
        // The whole body runs where the search does: at the deepest level of any of its
        // instructions, a value the condition ignores included.
        for (size_t j = in.a; j < i; ++j) l = std::max(l, level[j]);
        break;
      default: for_each_operand(in, [&](ValueId v) { l = std::max(l, level[v]); }); break;
    }
    level[i] = l;
  }
  return level;
}

}  // namespace tco::ir
