#include "compiler/ir/evaluate.h"

#include <cmath>

#include "compiler/ir/ops.h"
#include "compiler/ir/search.h"
#include "runtime/rng.h"

namespace tco::ir {

size_t evaluate(const Frame& f, size_t i) {
  const Inst& in = f.k.insts[i];
  double* r = f.regs;
  switch (in.op) {
    case Op::Const: r[i] = in.imm; break;
    case Op::Index: r[i] = static_cast<double>(f.axis_index[in.a]); break;
    case Op::Uniform: r[i] = rt::uniform01(f.k.seed, f.point, in.a); break;
    case Op::Table: {
      const auto& t = f.k.tables[in.a];
      double j = r[in.b];
      r[i] = j >= 0 && j < static_cast<double>(t.size()) ? t[static_cast<size_t>(j)] : NAN;
      break;
    }
    case Op::SearchBegin: {
      const size_t end = f.ends ? (*f.ends)[i] : search_end(f.k, i);
      const ValueId cond = f.k.insts[end].b;
      r[end] = bisect(r[in.a], in.imm != 0, [&](double candidate) {
        r[i] = candidate;
        for (size_t j = i + 1; j < end;) j = evaluate(f, j);
        return r[cond] != 0;
      });
      return end + 1;
    }
    case Op::SearchEnd: break;  // written by its SearchBegin
    default: r[i] = eval(in.op, r[in.a], r[in.b], r[in.c]); break;
  }
  return i + 1;
}

}  // namespace tco::ir
