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
    int n = op_arity(in.op);
    if (in.op == Op::Table) {
      if (in.a >= k.tables.size()) return fail(i, "no table " + std::to_string(in.a));
      if (in.b >= i) return fail(i, "index operand is not an earlier value");
      continue;
    }
    if (in.op == Op::Index && in.a >= k.axes.size()) return fail(i, "no axis " + std::to_string(in.a));
    if (in.op == Op::Index || in.op == Op::Uniform || in.op == Op::Const) continue;
    if ((n >= 1 && in.a >= i) || (n >= 2 && in.b >= i) || (n >= 3 && in.c >= i))
      return fail(i, "operand is not an earlier value");
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

std::vector<unsigned> loop_levels(const Kernel& k) {
  const unsigned axes = static_cast<unsigned>(k.axes.size());
  std::vector<unsigned> level(k.insts.size(), 0);
  for (size_t i = 0; i < k.insts.size(); ++i) {
    const Inst& in = k.insts[i];
    int ar = op_arity(in.op);
    unsigned l = 0;
    switch (in.op) {
      case Op::Const: break;
      case Op::Index: l = in.a + 1; break;
      case Op::Uniform: l = axes; break;
      case Op::Table: l = level[in.b]; break;
      case Op::SearchEnd:
        // The whole body runs where the search does: at the deepest level of any of its
        // instructions, a value the condition ignores included.
        for (size_t j = in.a; j < i; ++j) l = std::max(l, level[j]);
        break;
      default:
        if (ar >= 1) l = std::max(l, level[in.a]);
        if (ar >= 2) l = std::max(l, level[in.b]);
        if (ar >= 3) l = std::max(l, level[in.c]);
        break;
    }
    level[i] = l;
  }
  return level;
}

}  // namespace tco::ir
