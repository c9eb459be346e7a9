#include "compiler/codegen/codegen.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Triple.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "compiler/codegen/libm.h"
#include "compiler/ir/analysis.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/search.h"
#include "runtime/sink.h"

namespace tco::codegen {
namespace {

// The largest row scan (innermost instructions computed twice for rows with a hit).
constexpr size_t kMaxScan = 256;

class ModuleGen {
 public:
  ModuleGen(llvm::Module& m)
      : m_(m),
        ctx_(m.getContext()),
        f64_(llvm::Type::getDoubleTy(ctx_)),
        i64_(llvm::Type::getInt64Ty(ctx_)),
        i32_(llvm::Type::getInt32Ty(ctx_)),
        i8_(llvm::Type::getInt8Ty(ctx_)),
        ptr_(llvm::PointerType::get(ctx_, 0)) {
    kernel_ty_ = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx_), {i64_, i64_, ptr_, ptr_}, false);
    add_ty_ = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx_), {ptr_, i64_, ptr_}, false);
  }

  void kernel(const ir::Kernel& k, const std::string& name);

 private:
  // A libm function, declared `nobuiltin` so that no pass rewrites or folds its calls.
  llvm::FunctionCallee libm(ir::Op op) {
    const LibmFunction& f = *libm_for(op);
    auto* ty = f.arity == 2 ? llvm::FunctionType::get(f64_, {f64_, f64_}, false)
                            : llvm::FunctionType::get(f64_, {f64_}, false);
    llvm::FunctionCallee fc = m_.getOrInsertFunction(f.name, ty);
    if (auto* f = llvm::dyn_cast<llvm::Function>(fc.getCallee())) {
      f->addFnAttr(llvm::Attribute::NoBuiltin);
      f->addFnAttr(llvm::Attribute::NoUnwind);
    }
    return fc;
  }
  llvm::FunctionCallee uniform() {
    llvm::FunctionCallee fc =
        m_.getOrInsertFunction("tco_rt_uniform01", llvm::FunctionType::get(f64_, {i64_, i64_, i64_}, false));
    if (auto* f = llvm::dyn_cast<llvm::Function>(fc.getCallee())) {
      f->addFnAttr(llvm::Attribute::NoUnwind);
      f->addFnAttr(llvm::Attribute::WillReturn);
      f->setDoesNotAccessMemory();
    }
    return fc;
  }

  llvm::Value* field(llvm::IRBuilder<>& b, llvm::Value* base, size_t offset) {
    return b.CreateConstInBoundsGEP1_64(i8_, base, offset);
  }
  llvm::Value* truth(llvm::IRBuilder<>& b, llvm::Value* v) {  // C++ `v != 0` (NaN is true)
    return b.CreateFCmpUNE(v, llvm::ConstantFP::get(f64_, 0.0));
  }
  llvm::Value* as_f64(llvm::IRBuilder<>& b, llvm::Value* cond) { return b.CreateUIToFP(cond, f64_); }
  // Rows are often short (tens of points): vectorise the scan without interleaving, the
  // tail folded into masked vector iterations rather than left to a scalar loop.
  llvm::MDNode* scan_loop_md() {
    auto opt = [&](const char* name, llvm::Metadata* v) {
      return llvm::MDNode::get(ctx_, {llvm::MDString::get(ctx_, name), v});
    };
    auto i32 = [&](int x) { return llvm::ConstantAsMetadata::get(llvm::ConstantInt::get(i32_, x)); };
    auto i1 = [&](bool x) { return llvm::ConstantAsMetadata::get(llvm::ConstantInt::get(llvm::Type::getInt1Ty(ctx_), x)); };
    llvm::SmallVector<llvm::Metadata*, 4> ops = {nullptr};
    ops.push_back(opt("llvm.loop.vectorize.enable", i1(true)));
    ops.push_back(opt("llvm.loop.interleave.count", i32(1)));
    ops.push_back(opt("llvm.loop.vectorize.predicate.enable", i1(true)));
    llvm::MDNode* md = llvm::MDNode::getDistinct(ctx_, ops);
    md->replaceOperandWith(0, md);
    return md;
  }

  llvm::Module& m_;
  llvm::LLVMContext& ctx_;
  llvm::Type *f64_, *i64_, *i32_, *i8_;
  llvm::PointerType* ptr_;
  llvm::FunctionType *kernel_ty_, *add_ty_;
};

// The kernel as a loop nest, one loop per axis (the last innermost). An instruction of level
// L is computed in the body of loop L-1, i.e. once per combination of the indices of axes
// 0..L-1; a `where` is tested at its own level and, when it fails, skips the whole block of
// points below it. The range [begin, end) may start and end mid-row: in the block that holds
// `begin` (the first visited) loop a starts at begin's index on axis a, elsewhere at 0, and
// the innermost loop stops at `end`. Points are visited in increasing index order.
//
//   entry:    level 0, level-0 wheres, threshold setup
//   init:     begin -> start indices (the only divisions), strides
//   hdr_a:    i_a = phi(from_a, i_a + 1); base_a = base_{a-1} + i_a * stride_a;
//             level a+1; its wheres (fail -> skip_a)
//   scan:     (rows of kernels with a threshold, when it is not NaN) a call-free, vectorised
//             pass over the row: its kept count, and whether any point beats the threshold;
//             none -> row_done
//   inner:    i = phi(from, i + 1) up to min(size, end - base); level n; wheres; kept += 1;
//             threshold test; store + add()
//   row_done: end reached -> exit, else latch of the next outer loop
//   latch_a:  i_a + 1 == size_a -> latch_{a-1}, else hdr_a
//   skip_a:   the block ends at or past `end` -> exit, else latch_a
//   exit:     sink->kept += kept
void ModuleGen::kernel(const ir::Kernel& k, const std::string& name) {
  using ir::Op;
  const size_t n = k.insts.size();
  const unsigned axes = static_cast<unsigned>(k.axes.size());
  llvm::Function* f = llvm::Function::Create(kernel_ty_, llvm::Function::ExternalLinkage, name, m_);
  f->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::Argument *begin = f->getArg(0), *end = f->getArg(1), *args = f->getArg(2), *sink = f->getArg(3);
  begin->setName("begin");
  end->setName("end");
  args->setName("args");
  sink->setName("sink");
  f->addParamAttr(2, llvm::Attribute::NoCapture);
  f->addParamAttr(2, llvm::Attribute::ReadOnly);

  auto* entry = llvm::BasicBlock::Create(ctx_, "entry", f);
  auto* init = llvm::BasicBlock::Create(ctx_, "init", f);
  auto* exit = llvm::BasicBlock::Create(ctx_, "exit", f);
  llvm::IRBuilder<> b(entry);

  // ---- entry: what every point shares ----
  const size_t width = k.outputs.size() + k.objectives.size() + k.keys.size();
  auto* buf_ty = llvm::ArrayType::get(f64_, width == 0 ? 1 : width);
  llvm::Value* buf = b.CreateAlloca(buf_ty, nullptr, "values");
  // Points that passed every `where`; promoted to a register by mem2reg.
  llvm::AllocaInst* kept = b.CreateAlloca(i64_, nullptr, "kept");
  b.CreateStore(b.getInt64(0), kept);

  bool any_table = false, any_uniform = false;
  for (const auto& in : k.insts) {
    any_table = any_table || in.op == Op::Table;
    any_uniform = any_uniform || in.op == Op::Uniform;
  }
  std::vector<llvm::Value*> tables(k.tables.size(), nullptr);
  if (any_table) {
    llvm::Value* base = b.CreateLoad(ptr_, field(b, args, offsetof(TcoKernelArgs, tables)), "tables");
    std::vector<bool> used(k.tables.size(), false);
    for (const auto& in : k.insts)
      if (in.op == Op::Table) used[in.a] = true;
    for (size_t t = 0; t < tables.size(); ++t)
      if (used[t] && !k.tables[t].empty())
        tables[t] = b.CreateLoad(ptr_, b.CreateConstInBoundsGEP1_64(ptr_, base, t), "table" + std::to_string(t));
  }
  llvm::Value* seed = any_uniform ? b.CreateLoad(i64_, field(b, args, offsetof(TcoKernelArgs, seed)), "seed") : nullptr;
  llvm::Value* add_fn = b.CreateLoad(ptr_, field(b, sink, offsetof(TcoSink, add)), "add");

  // The threshold a point's first objective must beat is read through `th_ptr`: the sink's
  // group threshold for the point's index on the key axis, else the sink's threshold when
  // it applies, else a local NaN (which every point passes). add() may move the threshold,
  // so it is loaded again at every test.
  const bool thresholds = !k.objectives.empty();
  const int key_axis = thresholds ? k.key_axis : -1;  // validated: -1 or an axis
  llvm::Value *maximize = nullptr, *th_ptr = nullptr, *group = nullptr, *use_group = nullptr;
  if (thresholds) {
    llvm::Value* nan_slot = b.CreateAlloca(f64_, nullptr, "no_threshold");
    b.CreateStore(llvm::ConstantFP::getNaN(f64_), nan_slot);
    llvm::Value* u = b.CreateLoad(i32_, field(b, sink, offsetof(TcoSink, use_threshold)));
    llvm::Value* use_threshold = b.CreateICmpNE(u, b.getInt32(0), "use_threshold");
    th_ptr = b.CreateSelect(use_threshold, field(b, sink, offsetof(TcoSink, threshold)), nan_slot, "th_ptr");
    llvm::Value* mx = b.CreateLoad(i32_, field(b, sink, offsetof(TcoSink, maximize)));
    maximize = b.CreateICmpNE(mx, b.getInt32(0), "maximize");
    if (key_axis >= 0) {
      group = b.CreateLoad(ptr_, field(b, sink, offsetof(TcoSink, group_threshold)), "group_threshold");
      use_group = b.CreateICmpNE(group, llvm::ConstantPointerNull::get(ptr_), "use_group");
    }
  }

  std::vector<unsigned> level = ir::loop_levels(k);
  // A search's body runs inside the search's own loop: every instruction of it is computed
  // at the search's level (levels() puts the SearchEnd at the deepest of its body).
  std::vector<size_t> ends(n, 0);
  for (size_t i = 0; i < n; ++i)
    if (k.insts[i].op == Op::SearchBegin) ends[i] = ir::search_end(k, i);
  for (size_t i = 0; i < n; ++i)
    if (k.insts[i].op == Op::SearchBegin) {
      for (size_t j = i; j < ends[i]; ++j) level[j] = level[ends[i]];
      i = ends[i];
    }
  std::vector<llvm::Value*> vals(n, nullptr);
  // Values known at code-generation time, folded with ir::eval on this very host so that
  // they carry the interpreter's bits (LLVM's folder may pick different NaNs).
  std::vector<std::optional<double>> known(n);
  llvm::Value* point = begin;             // the flat index of the current point (level `axes`)
  std::vector<llvm::Value*> idx(axes);    // the index along each axis (loop phis)

  auto gen = [&](size_t i) -> llvm::Value* {
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
  };

  // A bounded search at the insertion point: the bisection of ir::bisect() as a loop over the
  // candidate index, its body generated inside; the index found (or -1) at its SearchEnd.
  std::function<size_t(size_t)> search = [&](size_t begin) -> size_t {
    const size_t end = ends[begin];
    const bool largest = k.insts[begin].imm != 0;
    llvm::Value* count_f = vals[k.insts[begin].a];
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
    vals[begin] = b.CreateUIToFP(mid, f64_, "candidate");
    for (size_t j = begin + 1; j < end; ++j) {
      if (k.insts[j].op == Op::SearchBegin) j = search(j);
      else vals[j] = gen(j);
    }
    llvm::Value* holds = truth(b, vals[k.insts[end].b]);
    llvm::Value* next = b.CreateAdd(mid, b.getInt64(1));
    llvm::Value* lo1 = largest ? b.CreateSelect(holds, next, lo) : b.CreateSelect(holds, lo, next);
    llvm::Value* hi1 = largest ? b.CreateSelect(holds, hi, mid) : b.CreateSelect(holds, mid, hi);
    lo->addIncoming(lo1, b.GetInsertBlock());
    hi->addIncoming(hi1, b.GetInsertBlock());
    b.CreateBr(header);
    b.SetInsertPoint(done);
    llvm::Value* none = llvm::ConstantFP::get(f64_, -1.0);
    vals[end] = largest ? b.CreateSelect(b.CreateICmpEQ(lo, b.getInt64(0)), none,
                                         b.CreateUIToFP(b.CreateSub(lo, b.getInt64(1)), f64_), "v" + std::to_string(end))
                        : b.CreateSelect(b.CreateICmpEQ(lo, count), none, b.CreateUIToFP(lo, f64_), "v" + std::to_string(end));
    return end;
  };

  // Computes the instructions of level L at the insertion point; returns the conjunction of
  // the level's wheres (nullptr when it has none).
  auto compute_level = [&](unsigned L) -> llvm::Value* {
    for (size_t i = 0; i < n; ++i) {
      if (level[i] != L) continue;
      if (k.insts[i].op == Op::SearchBegin) i = search(i);
      else vals[i] = gen(i);
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
  };

  // One kept-candidate point at the insertion point, all its values computed and `pass` its
  // innermost wheres: count it, test the threshold, store and call add(); then `next`.
  auto emit_point = [&](llvm::Value* pass, llvm::BasicBlock* next) {
    if (pass) {
      llvm::Value* c = b.CreateLoad(i64_, kept);
      b.CreateStore(b.CreateAdd(c, b.CreateZExt(pass, i64_)), kept);
      auto* counted = llvm::BasicBlock::Create(ctx_, "kept", f);
      b.CreateCondBr(pass, counted, next);
      b.SetInsertPoint(counted);
    }
    auto* store = llvm::BasicBlock::Create(ctx_, "store", f);
    if (thresholds) {
      llvm::Value* th = b.CreateLoad(f64_, th_ptr, "threshold");
      llvm::Value* obj = vals[k.objectives[0]];
      llvm::Value* better = b.CreateSelect(maximize, b.CreateFCmpOGT(obj, th), b.CreateFCmpOLT(obj, th));
      llvm::Value* go = b.CreateOr(b.CreateFCmpUNO(th, th), better);
      b.CreateCondBr(go, store, next, llvm::MDBuilder(ctx_).createBranchWeights(1, 16));
    } else {
      b.CreateBr(store);
    }
    b.SetInsertPoint(store);
    size_t slot = 0;
    for (const auto* list : {&k.outputs, &k.objectives, &k.keys})
      for (ir::ValueId v : *list) b.CreateStore(vals[v], b.CreateConstInBoundsGEP2_64(buf_ty, buf, 0, slot++));
    b.CreateCall(add_ty_, add_fn, {sink, point, buf});
    b.CreateBr(next);
  };

  // The innermost instructions the row scan needs (the innermost wheres and the first
  // objective), or none when there is no scan: see the innermost loop below.
  std::vector<size_t> scan;
  if (thresholds && axes > 0 && key_axis != static_cast<int>(axes) - 1) {
    std::vector<bool> need(n, false);
    need[k.objectives[0]] = true;
    for (ir::ValueId w : k.where) need[w] = true;
    bool ok = true;
    for (size_t i = n; i-- > 0;) {
      if (!need[i] || level[i] != axes) continue;
      const ir::Inst& in = k.insts[i];
      // calls or loops: nothing to vectorise
      if (in.op == Op::Uniform || libm_for(in.op) || in.op == Op::SearchBegin || in.op == Op::SearchEnd) ok = false;
      ir::for_each_operand(in, [&](ir::ValueId v) { need[v] = true; });
      scan.push_back(i);
    }
    std::reverse(scan.begin(), scan.end());
    if (!ok || scan.size() > kMaxScan) scan.clear();
  }

  // A `where` that fails for every point ends the call before the loop.
  llvm::Value* go = b.CreateICmpULT(begin, end);
  if (llvm::Value* w0 = compute_level(0)) go = b.CreateAnd(go, w0);
  b.CreateCondBr(go, init, exit);
  b.SetInsertPoint(init);

  if (axes == 0) {
    // One point (a report or an assert): its wheres were level 0.
    b.CreateStore(b.getInt64(1), kept);
    emit_point(nullptr, exit);
  } else {
    // ---- init: begin's indices (the only divisions) and the strides ----
    std::vector<llvm::Value*> sizes(axes), start(axes), stride(axes);
    llvm::Value* sizes_p = b.CreateLoad(ptr_, field(b, args, offsetof(TcoKernelArgs, axis_sizes)), "axis_sizes");
    for (unsigned a = 0; a < axes; ++a)
      sizes[a] = b.CreateLoad(i64_, b.CreateConstInBoundsGEP1_64(i64_, sizes_p, a), "size" + std::to_string(a));
    llvm::Value* rest = begin;
    for (unsigned a = axes; a-- > 0;) {
      start[a] = axes == 1 ? rest : b.CreateURem(rest, sizes[a], "start" + std::to_string(a));
      if (a > 0) rest = b.CreateUDiv(rest, sizes[a]);
    }
    stride[axes - 1] = b.getInt64(1);
    for (unsigned a = axes - 1; a-- > 0;) stride[a] = b.CreateMul(stride[a + 1], sizes[a + 1], "stride" + std::to_string(a));
    // Where loop a starts when it is entered: begin's index in the block that holds begin
    // (the first one visited, the only one that starts at or before begin), else 0.
    llvm::Value* base = b.getInt64(0);  // flat index of (i_0 .. i_{a-1}, 0 ..)
    auto entry_index = [&](unsigned a) -> llvm::Value* {
      if (a == 0) return start[0];
      return b.CreateSelect(b.CreateICmpULE(base, begin), start[a], b.getInt64(0), "from" + std::to_string(a));
    };

    // The outer loops.
    std::vector<llvm::BasicBlock*> latch(axes, nullptr);
    std::vector<llvm::PHINode*> phi(axes, nullptr);
    std::vector<llvm::BasicBlock*> header(axes, nullptr);
    llvm::BasicBlock* outer_latch = exit;
    for (unsigned a = 0; a + 1 < axes; ++a) {
      const std::string s = std::to_string(a);
      llvm::Value* from = entry_index(a);
      llvm::BasicBlock* pre = b.GetInsertBlock();
      header[a] = llvm::BasicBlock::Create(ctx_, "hdr" + s, f);
      latch[a] = llvm::BasicBlock::Create(ctx_, "latch" + s, f);
      b.CreateBr(header[a]);
      b.SetInsertPoint(header[a]);
      phi[a] = b.CreatePHI(i64_, 2, "i" + s);
      phi[a]->addIncoming(from, pre);
      idx[a] = phi[a];
      base = b.CreateAdd(base, b.CreateMul(phi[a], stride[a]), "base" + s);
      if (llvm::Value* pass = compute_level(a + 1)) {
        auto* body = llvm::BasicBlock::Create(ctx_, "body" + s, f);
        auto* skip = llvm::BasicBlock::Create(ctx_, "skip" + s, f);
        b.CreateCondBr(pass, body, skip);
        // A failed where skips the rest of this block: points up to base + stride.
        b.SetInsertPoint(skip);
        b.CreateCondBr(b.CreateICmpUGE(b.CreateAdd(base, stride[a]), end), exit, latch[a]);
        b.SetInsertPoint(body);
      }
      outer_latch = latch[a];
    }

    // The innermost loop: from its entry index to the end of the row or `end`.
    {
      const unsigned a = axes - 1;
      llvm::Value* from = entry_index(a);
      llvm::Value* room = b.CreateSub(end, base, "room");
      llvm::Value* to = b.CreateBinaryIntrinsic(llvm::Intrinsic::umin, sizes[a], room, nullptr, "to");
      auto* inner = llvm::BasicBlock::Create(ctx_, "inner", f);
      auto* next = llvm::BasicBlock::Create(ctx_, "next", f);
      auto* after = llvm::BasicBlock::Create(ctx_, "after", f);
      auto* row_done = llvm::BasicBlock::Create(ctx_, "row_done", f);
      const bool inner_where = std::any_of(k.where.begin(), k.where.end(), [&](ir::ValueId w) { return level[w] == axes; });
      if (!scan.empty()) {
        // The scan: with the threshold as it is at the start of the row, does any point of
        // the row pass? add() is the only thing that moves the threshold, so if none does,
        // the loop below would call add() for none: the row is done with just its count.
        // Without a call (nor a libm call) the scan is a plain reduction that LLVM vectorises.
        llvm::Value* th0 = b.CreateLoad(f64_, th_ptr, "row_threshold");
        llvm::BasicBlock* pre = b.GetInsertBlock();
        auto* scan_bb = llvm::BasicBlock::Create(ctx_, "scan", f);
        auto* scanned = llvm::BasicBlock::Create(ctx_, "scanned", f);
        auto* skip_row = llvm::BasicBlock::Create(ctx_, "skip_row", f);
        auto* slow = llvm::BasicBlock::Create(ctx_, "slow", f);
        b.CreateCondBr(b.CreateFCmpUNO(th0, th0), slow, scan_bb);
        b.SetInsertPoint(scan_bb);
        llvm::PHINode* j = b.CreatePHI(i64_, 2, "j");
        llvm::PHINode* hits = b.CreatePHI(i64_, 2, "hits");
        llvm::PHINode* count = b.CreatePHI(i64_, 2, "count");
        j->addIncoming(from, pre);
        hits->addIncoming(b.getInt64(0), pre);
        count->addIncoming(b.getInt64(0), pre);
        idx[a] = j;
        std::vector<llvm::Value*> saved = vals;
        for (size_t i : scan) vals[i] = gen(i);
        llvm::Value* pass = b.getTrue();
        for (ir::ValueId w : k.where)
          if (level[w] == axes) pass = b.CreateAnd(pass, truth(b, vals[w]));
        llvm::Value* obj = vals[k.objectives[0]];
        llvm::Value* better = b.CreateSelect(maximize, b.CreateFCmpOGT(obj, th0), b.CreateFCmpOLT(obj, th0));
        vals = saved;
        llvm::Value* j1 = b.CreateAdd(j, b.getInt64(1), "j.next");
        llvm::Value* hits1 = b.CreateAdd(hits, b.CreateZExt(b.CreateAnd(pass, better), i64_), "hits.next");
        llvm::Value* count1 = b.CreateAdd(count, b.CreateZExt(pass, i64_), "count.next");
        j->addIncoming(j1, scan_bb);
        hits->addIncoming(hits1, scan_bb);
        count->addIncoming(count1, scan_bb);
        llvm::BranchInst* back = b.CreateCondBr(b.CreateICmpEQ(j1, to), scanned, scan_bb);
        back->setMetadata(llvm::LLVMContext::MD_loop, scan_loop_md());
        b.SetInsertPoint(scanned);
        b.CreateCondBr(b.CreateICmpEQ(hits1, b.getInt64(0)), skip_row, slow);
        b.SetInsertPoint(skip_row);
        llvm::Value* c = b.CreateLoad(i64_, kept);
        b.CreateStore(b.CreateAdd(c, inner_where ? count1 : b.CreateSub(to, from)), kept);
        b.CreateBr(row_done);
        b.SetInsertPoint(slow);
      }
      llvm::BasicBlock* pre = b.GetInsertBlock();
      b.CreateBr(inner);
      b.SetInsertPoint(inner);
      llvm::PHINode* i = b.CreatePHI(i64_, 2, "i" + std::to_string(a));
      i->addIncoming(from, pre);
      idx[a] = i;
      point = axes == 1 ? static_cast<llvm::Value*>(i) : b.CreateAdd(base, i, "p");
      llvm::Value* pass = compute_level(axes);
      emit_point(pass, next);
      b.SetInsertPoint(next);
      llvm::Value* i1 = b.CreateAdd(i, b.getInt64(1), "i" + std::to_string(a) + ".next");
      i->addIncoming(i1, next);
      b.CreateCondBr(b.CreateICmpEQ(i1, to), after, inner);
      b.SetInsertPoint(after);
      if (!pass) {  // every point of the row passed the wheres of the outer levels
        llvm::Value* c = b.CreateLoad(i64_, kept);
        b.CreateStore(b.CreateAdd(c, b.CreateSub(to, from)), kept);
      }
      b.CreateBr(row_done);
      b.SetInsertPoint(row_done);
      b.CreateCondBr(b.CreateICmpULE(room, sizes[a]), exit, outer_latch);
    }

    // The latches of the outer loops: the next index, or the next index of the loop outside.
    for (unsigned a = 0; a + 1 < axes; ++a) {
      b.SetInsertPoint(latch[a]);
      llvm::Value* i1 = b.CreateAdd(phi[a], b.getInt64(1), "i" + std::to_string(a) + ".next");
      phi[a]->addIncoming(i1, latch[a]);
      b.CreateCondBr(b.CreateICmpEQ(i1, sizes[a]), a == 0 ? exit : latch[a - 1], header[a]);
    }
  }

  b.SetInsertPoint(exit);
  llvm::Value* old = b.CreateLoad(i64_, field(b, sink, offsetof(TcoSink, kept)));
  b.CreateStore(b.CreateAdd(old, b.CreateLoad(i64_, kept)), field(b, sink, offsetof(TcoSink, kept)));
  b.CreateRetVoid();
}

}  // namespace

std::string kernel_name(ir::ItemKind kind, size_t index) {
  switch (kind) {
    case ir::ItemKind::Report: return "tco_report_" + std::to_string(index);
    case ir::ItemKind::Study: return "tco_study_" + std::to_string(index);
    case ir::ItemKind::Assert: return "tco_assert_" + std::to_string(index);
  }
  return "tco_kernel_" + std::to_string(index);
}

std::unique_ptr<llvm::Module> generate(const ir::Program& p, llvm::LLVMContext& ctx, const llvm::DataLayout& dl,
                                       const llvm::Triple& triple, std::string* error, const Wanted& wanted) {
  auto m = std::make_unique<llvm::Module>("tco_plan", ctx);
  m->setDataLayout(dl);
  m->setTargetTriple(triple.str());
  ModuleGen gen(*m);
  auto one = [&](ir::ItemKind kind, size_t i, const ir::Kernel& k) {
    if (wanted && !wanted(kind, i)) return true;
    std::string name = kernel_name(kind, i);
    if (std::string why = ir::check_kernel(k); !why.empty()) {
      *error = name + ": " + why;
      return false;
    }
    gen.kernel(k, name);
    return true;
  };
  for (size_t i = 0; i < p.reports.size(); ++i)
    if (!one(ir::ItemKind::Report, i, p.reports[i].kernel)) return nullptr;
  for (size_t i = 0; i < p.studies.size(); ++i)
    if (!one(ir::ItemKind::Study, i, p.studies[i].kernel)) return nullptr;
  for (size_t i = 0; i < p.asserts.size(); ++i)
    if (!one(ir::ItemKind::Assert, i, p.asserts[i].kernel)) return nullptr;
  std::string msg;
  llvm::raw_string_ostream os(msg);
  if (llvm::verifyModule(*m, &os)) {
    *error = "invalid LLVM module: " + os.str();
    return nullptr;
  }
  return m;
}

}  // namespace tco::codegen
