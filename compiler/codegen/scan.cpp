// The row scan of kernels with a threshold (kernel_gen.h): a call-free pass over a row that
// LLVM vectorises, to skip rows in which no point can beat the threshold.
#include <llvm/IR/Constants.h>
#include <llvm/IR/Metadata.h>

#include <algorithm>

#include "compiler/codegen/kernel_gen.h"

namespace tco::codegen {

using ir::Op;

// The innermost instructions the row scan needs (the innermost wheres and the first
// objective), or none when there is no scan: see the innermost loop below.
std::vector<size_t> KernelGen::scan_instructions() const {
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
  return scan;
}

void KernelGen::row_scan(unsigned a, llvm::Value* from, llvm::Value* to, bool inner_where,
                         llvm::BasicBlock* row_done) {
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
  for (size_t i : scan) vals[i] = inst(i);
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

// Rows are often short (tens of points): vectorise the scan without interleaving, the
// tail folded into masked vector iterations rather than left to a scalar loop.
llvm::MDNode* KernelGen::scan_loop_md() {
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

}  // namespace tco::codegen
