#include "compiler/codegen/libm.h"

#include "compiler/codegen/codegen.h"
#include "runtime/rng.h"

#include <algorithm>
#include <cmath>

namespace tco::codegen {
namespace {

using Unary = double (*)(double);
using Binary = double (*)(double, double);

void* unary(Unary f) { return reinterpret_cast<void*>(f); }

}  // namespace

const std::vector<LibmFunction>& libm_functions() {
  static const std::vector<LibmFunction> table = {
      {ir::Op::Ln, "log", llvm::LibFunc_log, unary(&std::log), 1},
      {ir::Op::Exp, "exp", llvm::LibFunc_exp, unary(&std::exp), 1},
      {ir::Op::Log10, "log10", llvm::LibFunc_log10, unary(&std::log10), 1},
      {ir::Op::Log2, "log2", llvm::LibFunc_log2, unary(&std::log2), 1},
      {ir::Op::Cos, "cos", llvm::LibFunc_cos, unary(&std::cos), 1},
      {ir::Op::Sin, "sin", llvm::LibFunc_sin, unary(&std::sin), 1},
      {ir::Op::Pow, "pow", llvm::LibFunc_pow, reinterpret_cast<void*>(static_cast<Binary>(&std::pow)), 2},
  };
  return table;
}

const LibmFunction* libm_for(ir::Op op) {
  const auto& t = libm_functions();
  auto it = std::find_if(t.begin(), t.end(), [&](const LibmFunction& f) { return f.op == op; });
  return it == t.end() ? nullptr : &*it;
}

const RuntimeSymbol* runtime_symbols(size_t* count) {
  static const std::vector<RuntimeSymbol> symbols = [] {
    std::vector<RuntimeSymbol> v;
    for (const auto& f : libm_functions()) v.push_back({f.name, f.address});
    v.push_back({"tco_rt_uniform01", reinterpret_cast<void*>(&tco_rt_uniform01)});
    return v;
  }();
  *count = symbols.size();
  return symbols.data();
}

}  // namespace tco::codegen
