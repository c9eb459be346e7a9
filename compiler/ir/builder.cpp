#include "compiler/ir/builder.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "compiler/ir/evaluate.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/search.h"

namespace tco::ir {

ValueId KernelBuilder::add(Inst i) {
  uint64_t bits;
  std::memcpy(&bits, &i.imm, sizeof bits);
  auto key = std::make_tuple(i.op, i.a, i.b, i.c, bits);
  if (auto it = seen_.find(key); it != seen_.end()) return it->second;
  k_.insts.push_back(i);
  ValueId id = static_cast<ValueId>(k_.insts.size() - 1);
  seen_.emplace(key, id);
  return id;
}

ValueId KernelBuilder::constant(double v) { return add({Op::Const, 0, 0, 0, v}); }

ValueId KernelBuilder::table(std::vector<double> values, ValueId index) {
  if (is_const(index)) {
    auto i = static_cast<size_t>(value(index));
    return constant(i < values.size() ? values[i] : NAN);
  }
  for (size_t t = 0; t < k_.tables.size(); ++t)
    if (k_.tables[t] == values) return add({Op::Table, static_cast<ValueId>(t), index, 0, 0});
  k_.tables.push_back(std::move(values));
  return add({Op::Table, static_cast<ValueId>(k_.tables.size() - 1), index, 0, 0});
}

ValueId KernelBuilder::study_result(uint32_t study, size_t width, size_t column) {
  uint32_t t = 0;
  auto it = std::find_if(k_.reads.begin(), k_.reads.end(), [&](const StudyRead& r) { return r.study == study; });
  if (it != k_.reads.end()) {
    t = it->table;
  } else {
    // NaN until the study has run: never folded, never shared with a table of constants.
    t = static_cast<uint32_t>(k_.tables.size());
    k_.tables.emplace_back(width, NAN);
    k_.reads.push_back({t, study});
  }
  return add({Op::Table, t, constant(static_cast<double>(column)), 0, 0});
}

ValueId KernelBuilder::unary(Op op, ValueId a) {
  if (is_const(a)) return constant(eval(op, value(a), 0, 0));
  return add({op, a, 0, 0, 0});
}

ValueId KernelBuilder::binary(Op op, ValueId a, ValueId b) {
  if (is_const(a) && is_const(b)) return constant(eval(op, value(a), value(b), 0));
  // Identities that hold for every double, NaN and infinities included.
  if ((op == Op::Mul && is_const(b) && value(b) == 1) || (op == Op::Div && is_const(b) && value(b) == 1)) return a;
  if (op == Op::Mul && is_const(a) && value(a) == 1) return b;
  return add({op, a, b, 0, 0});
}

ValueId KernelBuilder::select(ValueId cond, ValueId a, ValueId b) {
  if (is_const(cond)) return value(cond) != 0 ? a : b;
  if (a == b) return a;
  return add({Op::Select, cond, a, b, 0});
}

ValueId KernelBuilder::search_begin(ValueId count, bool largest) {
  outer_.push_back(seen_);
  // Never shared: each search has a body of its own.
  k_.insts.push_back({Op::SearchBegin, count, 0, 0, largest ? 1.0 : 0.0});
  return static_cast<ValueId>(k_.insts.size() - 1);
}

ValueId KernelBuilder::search_end(ValueId begin, ValueId cond) {
  seen_ = std::move(outer_.back());
  outer_.pop_back();
  k_.insts.push_back({Op::SearchEnd, begin, cond, 0, 0});
  const size_t end = k_.insts.size() - 1;
  // Known now when the count and everything the body reads from before it are constants.
  bool known = is_const(k_.insts[begin].a);
  for (size_t i = begin + 1; i < end && known; ++i) {
    const Inst& in = k_.insts[i];
    if (in.op == Op::Index || in.op == Op::Uniform) known = false;
    if (in.op == Op::Table && std::any_of(k_.reads.begin(), k_.reads.end(), [&](const StudyRead& r) { return r.table == in.a; }))
      known = false;  // a study's result, read when the plan runs
    for_each_operand(in, [&](ValueId v) {
      if (v < begin && !is_const(v)) known = false;
    });
  }
  if (!known) return static_cast<ValueId>(end);
  std::vector<double> regs(k_.insts.size(), 0.0);
  for (size_t i = 0; i < begin; ++i)
    if (is_const(static_cast<ValueId>(i))) regs[i] = value(static_cast<ValueId>(i));
  evaluate(Frame{k_, regs.data()}, begin);
  const double found = regs[end];
  k_.insts.resize(begin);  // the body is no longer needed
  return constant(found);
}

}  // namespace tco::ir
