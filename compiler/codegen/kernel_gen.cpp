// A kernel's function: its entry (what every point shares) and its loop nest (kernel_gen.h
// draws it).
#include "compiler/codegen/kernel_gen.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include <algorithm>
#include <cstddef>

#include "compiler/ir/analysis.h"
#include "compiler/ir/search.h"
#include "runtime/sink.h"

namespace tco::codegen {

using ir::Op;

KernelGen::KernelGen(llvm::Module& m, const ir::Kernel& kernel, const std::string& name)
    : m_(m),
      ctx_(m.getContext()),
      f64_(llvm::Type::getDoubleTy(ctx_)),
      i64_(llvm::Type::getInt64Ty(ctx_)),
      i32_(llvm::Type::getInt32Ty(ctx_)),
      i8_(llvm::Type::getInt8Ty(ctx_)),
      ptr_(llvm::PointerType::get(ctx_, 0)),
      add_ty_(llvm::FunctionType::get(llvm::Type::getVoidTy(ctx_), {ptr_, i64_, ptr_}, false)),
      k(kernel),
      n(kernel.insts.size()),
      axes(static_cast<unsigned>(kernel.axes.size())),
      b(ctx_) {
  auto* kernel_ty = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx_), {i64_, i64_, ptr_, ptr_}, false);
  f = llvm::Function::Create(kernel_ty, llvm::Function::ExternalLinkage, name, m_);
  f->addFnAttr(llvm::Attribute::NoUnwind);
  begin = f->getArg(0), end = f->getArg(1), args = f->getArg(2), sink = f->getArg(3);
  begin->setName("begin");
  end->setName("end");
  args->setName("args");
  sink->setName("sink");
  f->addParamAttr(2, llvm::Attribute::NoCapture);
  f->addParamAttr(2, llvm::Attribute::ReadOnly);

  entry = llvm::BasicBlock::Create(ctx_, "entry", f);
  init = llvm::BasicBlock::Create(ctx_, "init", f);
  exit = llvm::BasicBlock::Create(ctx_, "exit", f);
  b.SetInsertPoint(entry);

  // ---- entry: what every point shares ----
  const size_t width = k.outputs.size() + k.objectives.size() + k.keys.size();
  buf_ty = llvm::ArrayType::get(f64_, width == 0 ? 1 : width);
  buf = b.CreateAlloca(buf_ty, nullptr, "values");
  // Points that passed every `where`; promoted to a register by mem2reg.
  kept = b.CreateAlloca(i64_, nullptr, "kept");
  b.CreateStore(b.getInt64(0), kept);

  bool any_table = false, any_uniform = false;
  for (const auto& in : k.insts) {
    any_table = any_table || in.op == Op::Table;
    any_uniform = any_uniform || in.op == Op::Uniform;
  }
  tables.assign(k.tables.size(), nullptr);
  if (any_table) {
    llvm::Value* base = b.CreateLoad(ptr_, field(b, args, offsetof(TcoKernelArgs, tables)), "tables");
    std::vector<bool> used(k.tables.size(), false);
    for (const auto& in : k.insts)
      if (in.op == Op::Table) used[in.a] = true;
    for (size_t t = 0; t < tables.size(); ++t)
      if (used[t] && !k.tables[t].empty())
        tables[t] = b.CreateLoad(ptr_, b.CreateConstInBoundsGEP1_64(ptr_, base, t), "table" + std::to_string(t));
  }
  seed = any_uniform ? b.CreateLoad(i64_, field(b, args, offsetof(TcoKernelArgs, seed)), "seed") : nullptr;
  add_fn = b.CreateLoad(ptr_, field(b, sink, offsetof(TcoSink, add)), "add");

  thresholds = !k.objectives.empty();
  key_axis = thresholds ? k.key_axis : -1;  // validated: -1 or an axis
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

  level = ir::loop_levels(k);
  // A search's body runs inside the search's own loop: every instruction of it is computed
  // at the search's level (levels() puts the SearchEnd at the deepest of its body).
  ends.assign(n, 0);
  for (size_t i = 0; i < n; ++i)
    if (k.insts[i].op == Op::SearchBegin) ends[i] = ir::search_end(k, i);
  for (size_t i = 0; i < n; ++i)
    if (k.insts[i].op == Op::SearchBegin) {
      for (size_t j = i; j < ends[i]; ++j) level[j] = level[ends[i]];
      i = ends[i];
    }
  vals.assign(n, nullptr);
  known.assign(n, std::nullopt);
  point = begin;
  idx.assign(axes, nullptr);
  scan = scan_instructions();
}

void KernelGen::generate() {
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
      if (!scan.empty()) row_scan(a, from, to, inner_where, row_done);
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

// One kept-candidate point at the insertion point, all its values computed and `pass` its
// innermost wheres: count it, test the threshold, store and call add(); then `next`.
void KernelGen::emit_point(llvm::Value* pass, llvm::BasicBlock* next) {
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
}

}  // namespace tco::codegen
