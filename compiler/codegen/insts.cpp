// Instructions and bounded searches as LLVM IR (kernel_gen.h): ir/ops.h's semantics bit for
// bit, constants folded with ir::eval itself.
#include <llvm/IR/Constants.h>
#include <llvm/IR/Intrinsics.h>

#include <cmath>

#include "compiler/codegen/kernel_gen.h"
#include "compiler/ir/ops.h"
#include "runtime/sink.h"

namespace tco::codegen {

using ir::Op;

llvm::Value* KernelGen::inst(size_t i) {
  const ir::Inst& in = k.insts[i];
  const std::string nm = "v" + std::to_string(i);
  int ar = ir::op_arity(in.op);
  auto konst = [&](double x) {
    known[i] = x;
    return llvm::ConstantFP::get(f64_, x);
  };
  switch (in.op) {
    case Op::Const: return konst(in.imm);
    case Op::Index: return as_f64(b, idx[in.a]);
    case Op::Uniform: return b.CreateCall(uniform(), {seed, point, b.getInt64(in.a)}, nm);
    case Op::Table: {
      const auto& t = k.tables[in.a];
      if (t.empty()) return konst(NAN);
      if (known[in.b]) {  // a fixed index: check its range now
        double x = *known[in.b];
        if (!(x > -1.0 && x < double(t.size()))) return konst(NAN);
        llvm::Value* at = b.CreateConstInBoundsGEP1_64(f64_, tables[in.a], static_cast<uint64_t>(x));
        return b.CreateLoad(f64_, at, nm);
      }
      // tables[a][(uint64)x], NaN when x is out of range (or NaN). Branch-free: a bad
      // index reads element 0, which exists, and the select drops it.
      llvm::Value* x = vals[in.b];
      llvm::Value* ok = b.CreateAnd(b.CreateFCmpOGT(x, llvm::ConstantFP::get(f64_, -1.0)),
                                    b.CreateFCmpOLT(x, llvm::ConstantFP::get(f64_, double(t.size()))));
      llvm::Value* j = b.CreateSelect(ok, b.CreateFPToUI(x, i64_), b.getInt64(0));
      llvm::Value* at = b.CreateInBoundsGEP(f64_, tables[in.a], j);
      llvm::Value* v = b.CreateLoad(f64_, at);
      return b.CreateSelect(ok, v, llvm::ConstantFP::getNaN(f64_), nm);
    }
    default: break;
  }
  bool all_known = (ar < 1 || known[in.a]) && (ar < 2 || known[in.b]) && (ar < 3 || known[in.c]);
  if (all_known) {
    double x = ar >= 1 ? *known[in.a] : 0, y = ar >= 2 ? *known[in.b] : 0, z = ar >= 3 ? *known[in.c] : 0;
    return konst(ir::eval(in.op, x, y, z));
  }
  llvm::Value* a = ar >= 1 ? vals[in.a] : nullptr;
  llvm::Value* c = ar >= 2 ? vals[in.b] : nullptr;
  llvm::Value* nan = llvm::ConstantFP::getNaN(f64_);
  switch (in.op) {
    case Op::Neg: return b.CreateFNeg(a, nm);
    case Op::Not: return as_f64(b, b.CreateFCmpOEQ(a, llvm::ConstantFP::get(f64_, 0.0)));
    case Op::Sqrt: return b.CreateUnaryIntrinsic(llvm::Intrinsic::sqrt, a, nullptr, nm);
    case Op::Floor: return b.CreateUnaryIntrinsic(llvm::Intrinsic::floor, a, nullptr, nm);
    case Op::Ceil: return b.CreateUnaryIntrinsic(llvm::Intrinsic::ceil, a, nullptr, nm);
    case Op::Round: return b.CreateUnaryIntrinsic(llvm::Intrinsic::round, a, nullptr, nm);
    case Op::Abs: return b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, a, nullptr, nm);
    case Op::Ln:
    case Op::Exp:
    case Op::Log10:
    case Op::Log2:
    case Op::Cos:
    case Op::Sin:
    case Op::Pow: {
      llvm::CallInst* call = in.op == Op::Pow ? b.CreateCall(libm(in.op), {a, c}, nm) : b.CreateCall(libm(in.op), {a}, nm);
      call->addFnAttr(llvm::Attribute::NoBuiltin);
      return call;
    }
    case Op::Add: return b.CreateFAdd(a, c, nm);
    case Op::Sub: return b.CreateFSub(a, c, nm);
    case Op::Mul: return b.CreateFMul(a, c, nm);
    case Op::Div: return b.CreateFDiv(a, c, nm);
    // (a != a || b != b) ? NAN : (b < a ? b : a), and the mirror for Max.
    case Op::Min:
      return b.CreateSelect(b.CreateFCmpUNO(a, c), nan, b.CreateSelect(b.CreateFCmpOLT(c, a), c, a), nm);
    case Op::Max:
      return b.CreateSelect(b.CreateFCmpUNO(a, c), nan, b.CreateSelect(b.CreateFCmpOGT(c, a), c, a), nm);
    case Op::Lt: return as_f64(b, b.CreateFCmpOLT(a, c));
    case Op::Le: return as_f64(b, b.CreateFCmpOLE(a, c));
    case Op::Gt: return as_f64(b, b.CreateFCmpOGT(a, c));
    case Op::Ge: return as_f64(b, b.CreateFCmpOGE(a, c));
    case Op::Eq: return as_f64(b, b.CreateFCmpOEQ(a, c));
    case Op::Ne: return as_f64(b, b.CreateFCmpUNE(a, c));
    case Op::And: return as_f64(b, b.CreateAnd(truth(b, a), truth(b, c)));
    case Op::Or: return as_f64(b, b.CreateOr(truth(b, a), truth(b, c)));
    case Op::Select: return b.CreateSelect(truth(b, a), c, vals[in.c], nm);
    default: return nan;  // Const/Index/Uniform/Table: handled above
  }
}

// A bounded search at the insertion point: the bisection of ir::bisect() as a loop over the
// candidate index, its body generated inside; the index found (or -1) at its SearchEnd.
size_t KernelGen::search(size_t first) {
  const size_t last = ends[first];
  const bool largest = k.insts[first].imm != 0;
  llvm::Value* count_f = vals[k.insts[first].a];
  llvm::Value* usable = b.CreateAnd(b.CreateFCmpOGE(count_f, llvm::ConstantFP::get(f64_, 1.0)),
                                    b.CreateFCmpOLE(count_f, llvm::ConstantFP::get(f64_, 9007199254740992.0)));
  llvm::Value* count = b.CreateFPToUI(b.CreateSelect(usable, count_f, llvm::ConstantFP::get(f64_, 0.0)), i64_, "count");
  llvm::BasicBlock* pre = b.GetInsertBlock();
  auto* header = llvm::BasicBlock::Create(ctx_, "search", f);
  auto* body = llvm::BasicBlock::Create(ctx_, "try", f);
  auto* done = llvm::BasicBlock::Create(ctx_, "found", f);
  b.CreateBr(header);
  b.SetInsertPoint(header);
  llvm::PHINode* lo = b.CreatePHI(i64_, 2, "lo");
  llvm::PHINode* hi = b.CreatePHI(i64_, 2, "hi");
  lo->addIncoming(b.getInt64(0), pre);
  hi->addIncoming(count, pre);
  b.CreateCondBr(b.CreateICmpULT(lo, hi), body, done);
  b.SetInsertPoint(body);
  llvm::Value* mid = b.CreateAdd(lo, b.CreateLShr(b.CreateSub(hi, lo), 1), "mid");
  vals[first] = b.CreateUIToFP(mid, f64_, "candidate");
  for (size_t j = first + 1; j < last; ++j) {
    if (k.insts[j].op == Op::SearchBegin) j = search(j);
    else vals[j] = inst(j);
  }
  llvm::Value* holds = truth(b, vals[k.insts[last].b]);
  llvm::Value* next = b.CreateAdd(mid, b.getInt64(1));
  llvm::Value* lo1 = largest ? b.CreateSelect(holds, next, lo) : b.CreateSelect(holds, lo, next);
  llvm::Value* hi1 = largest ? b.CreateSelect(holds, hi, mid) : b.CreateSelect(holds, mid, hi);
  lo->addIncoming(lo1, b.GetInsertBlock());
  hi->addIncoming(hi1, b.GetInsertBlock());
  b.CreateBr(header);
  b.SetInsertPoint(done);
  llvm::Value* none = llvm::ConstantFP::get(f64_, -1.0);
  vals[last] = largest ? b.CreateSelect(b.CreateICmpEQ(lo, b.getInt64(0)), none,
                                       b.CreateUIToFP(b.CreateSub(lo, b.getInt64(1)), f64_), "v" + std::to_string(last))
                      : b.CreateSelect(b.CreateICmpEQ(lo, count), none, b.CreateUIToFP(lo, f64_), "v" + std::to_string(last));
  return last;
}

// Computes the instructions of level L at the insertion point; returns the conjunction of
// the level's wheres (nullptr when it has none).
llvm::Value* KernelGen::compute_level(unsigned L) {
  for (size_t i = 0; i < n; ++i) {
    if (level[i] != L) continue;
    if (k.insts[i].op == Op::SearchBegin) i = search(i);
    else vals[i] = inst(i);
  }
  if (key_axis >= 0 && L == static_cast<unsigned>(key_axis) + 1)
    th_ptr = b.CreateSelect(use_group, b.CreateInBoundsGEP(f64_, group, idx[key_axis]), th_ptr, "th_ptr.group");
  llvm::Value* pass = nullptr;
  for (ir::ValueId w : k.where)
    if (level[w] == L) {
      llvm::Value* t = truth(b, vals[w]);
      pass = pass ? b.CreateAnd(pass, t) : t;
    }
  return pass;
}

}  // namespace tco::codegen
