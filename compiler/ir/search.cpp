#include "compiler/ir/search.h"

#include <vector>

namespace tco::ir {

size_t search_end(const Kernel& k, size_t begin) {
  size_t depth = 0;
  for (size_t j = begin + 1; j < k.insts.size(); ++j) {
    if (k.insts[j].op == Op::SearchBegin) ++depth;
    if (k.insts[j].op == Op::SearchEnd) {
      if (depth == 0) return j;
      --depth;
    }
  }
  return k.insts.size();
}

std::string check_searches(const Kernel& k) {
  // For each instruction, the innermost search body it lies in (its SearchBegin), or none.
  constexpr size_t kNone = SIZE_MAX;
  std::vector<size_t> body(k.insts.size(), kNone), open;
  for (size_t i = 0; i < k.insts.size(); ++i) {
    const Inst& in = k.insts[i];
    if (in.op == Op::SearchEnd) {
      if (open.empty() || in.a != open.back())
        return "instruction " + std::to_string(i) + ": a search's end names no open search";
      open.pop_back();
    }
    body[i] = open.empty() ? kNone : open.back();
    if (in.op == Op::SearchBegin) open.push_back(i);
  }
  if (!open.empty()) return "instruction " + std::to_string(open.back()) + ": a search is never closed";
  // A value of a body may be read in that body and the bodies nested in it only. A search's
  // end reads its condition from inside its own body.
  auto visible = [&](size_t ctx, size_t home) {
    for (size_t b = ctx; b != kNone; b = body[b])
      if (b == home) return true;
    return false;
  };
  for (size_t i = 0; i < k.insts.size(); ++i) {
    const Inst& in = k.insts[i];
    const size_t ctx = in.op == Op::SearchEnd ? in.a : body[i];
    std::string problem;
    for_each_operand(in, [&](ValueId v) {
      if (!problem.empty() || v >= k.insts.size()) return;  // reported by the callers' own checks
      // The value of a SearchBegin (the candidate) lives in its own body.
      const size_t home = k.insts[v].op == Op::SearchBegin ? v : body[v];
      if (home != kNone && !visible(ctx, home))
        problem = "instruction " + std::to_string(i) + " reads %" + std::to_string(v) + " from outside its search";
    });
    if (!problem.empty()) return problem;
  }
  for (const auto* roles : {&k.where, &k.outputs, &k.objectives, &k.keys})
    for (ValueId v : *roles)
      if (v < k.insts.size() && (body[v] != kNone || k.insts[v].op == Op::SearchBegin))
        return "value %" + std::to_string(v) + " of a search's body is used outside it";
  return "";
}

}  // namespace tco::ir
