// The single definition of what each IR operation computes. The constant folder and the
// interpreter call eval(); codegen must produce the same results.
#pragma once
#include <cmath>

#include "compiler/ir/ir.h"

namespace tco::ir {

inline double eval(Op op, double a, double b, double c) {
  switch (op) {
    case Op::Neg: return -a;
    case Op::Not: return a == 0 ? 1.0 : 0.0;
    case Op::Sqrt: return std::sqrt(a);
    case Op::Ln: return std::log(a);
    case Op::Exp: return std::exp(a);
    case Op::Log10: return std::log10(a);
    case Op::Log2: return std::log2(a);
    case Op::Floor: return std::floor(a);
    case Op::Ceil: return std::ceil(a);
    case Op::Round: return std::round(a);
    case Op::Abs: return std::fabs(a);
    case Op::Cos: return std::cos(a);
    case Op::Sin: return std::sin(a);
    case Op::Add: return a + b;
    case Op::Sub: return a - b;
    case Op::Mul: return a * b;
    case Op::Div: return a / b;
    case Op::Pow: return std::pow(a, b);
    // NaN-propagating, unlike std::min: a NaN input must not silently vanish.
    case Op::Min: return (a != a || b != b) ? NAN : (b < a ? b : a);
    case Op::Max: return (a != a || b != b) ? NAN : (b > a ? b : a);
    case Op::Lt: return a < b ? 1.0 : 0.0;
    case Op::Le: return a <= b ? 1.0 : 0.0;
    case Op::Gt: return a > b ? 1.0 : 0.0;
    case Op::Ge: return a >= b ? 1.0 : 0.0;
    case Op::Eq: return a == b ? 1.0 : 0.0;
    case Op::Ne: return a != b ? 1.0 : 0.0;
    case Op::And: return (a != 0 && b != 0) ? 1.0 : 0.0;
    case Op::Or: return (a != 0 || b != 0) ? 1.0 : 0.0;
    case Op::Select: return a != 0 ? b : c;
    case Op::Const:
    case Op::Index:
    case Op::Uniform:
    case Op::Table:
    case Op::SearchBegin:
    case Op::SearchEnd: break;  // evaluate.h
  }
  return NAN;
}

}  // namespace tco::ir
