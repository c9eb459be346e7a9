// Builds a kernel's SSA instructions, folding constants and sharing equal instructions.
#pragma once
#include <map>
#include <tuple>

#include "compiler/ir/ir.h"

namespace tco::ir {

class KernelBuilder {
 public:
  explicit KernelBuilder(Kernel& k) : k_(k) {}
  ValueId constant(double v);
  ValueId index(uint32_t axis) { return add({Op::Index, axis, 0, 0, 0}); }
  ValueId uniform(uint32_t stream) { return add({Op::Uniform, stream, 0, 0, 0}); }
  ValueId table(std::vector<double> values, ValueId index);
  // Column `column` of the one row of study `study` (of `width` columns), read when it runs.
  ValueId study_result(uint32_t study, size_t width, size_t column);
  ValueId unary(Op op, ValueId a);
  ValueId binary(Op op, ValueId a, ValueId b);
  ValueId select(ValueId cond, ValueId a, ValueId b);
  // A bounded search over `count` values (search.h): search_begin opens its body and returns
  // the candidate index the body reads; search_end closes it with the condition and returns
  // the index found (-1 for none). Instructions made in the body are shared within it only.
  // A search that reads nothing from outside but constants is run now and becomes one.
  ValueId search_begin(ValueId count, bool largest);
  ValueId search_end(ValueId begin, ValueId cond);
  bool is_const(ValueId v) const { return k_.insts[v].op == Op::Const; }
  double value(ValueId v) const { return k_.insts[v].imm; }

 private:
  ValueId add(Inst i);
  using Key = std::tuple<Op, ValueId, ValueId, ValueId, uint64_t>;
  Kernel& k_;
  std::map<Key, ValueId> seen_;
  std::vector<std::map<Key, ValueId>> outer_;  // seen_ as it was outside each open search
};

}  // namespace tco::ir
