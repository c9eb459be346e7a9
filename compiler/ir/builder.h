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
  ValueId unary(Op op, ValueId a);
  ValueId binary(Op op, ValueId a, ValueId b);
  ValueId select(ValueId cond, ValueId a, ValueId b);
  bool is_const(ValueId v) const { return k_.insts[v].op == Op::Const; }
  double value(ValueId v) const { return k_.insts[v].imm; }

 private:
  ValueId add(Inst i);
  Kernel& k_;
  std::map<std::tuple<Op, ValueId, ValueId, ValueId, uint64_t>, ValueId> seen_;
};

}  // namespace tco::ir
