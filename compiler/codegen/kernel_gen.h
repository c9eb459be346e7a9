// One kernel's LLVM function: the state its generation shares, and its parts, each in a
// file of its own: the entry and the loop nest (kernel_gen.cpp), the instructions and
// searches (insts.cpp), the row scan (scan.cpp). codegen.cpp makes one per kernel.
#pragma once
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <optional>
#include <string>
#include <vector>

#include "compiler/codegen/libm.h"
#include "compiler/ir/ir.h"

namespace tco::codegen {

// The largest row scan (innermost instructions computed twice for rows with a hit).
constexpr size_t kMaxScan = 256;

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
class KernelGen {
 public:
  // Declares the function `name` in `m` and generates its entry block.
  KernelGen(llvm::Module& m, const ir::Kernel& k, const std::string& name);
  // The rest: the loop nest (or the one point), the exit.
  void generate();

 private:
  // insts.cpp: instruction i at the insertion point (its value, also in vals[i]'s place
  // once the caller stores it); a bounded search from its SearchBegin `first`, returning
  // its SearchEnd; the instructions of level L, returning the conjunction of its wheres.
  llvm::Value* inst(size_t i);
  size_t search(size_t first);
  llvm::Value* compute_level(unsigned L);
  // One kept-candidate point at the insertion point, all its values computed and `pass` its
  // innermost wheres: count it, test the threshold, store and call add(); then `next`.
  void emit_point(llvm::Value* pass, llvm::BasicBlock* next);
  // scan.cpp
  std::vector<size_t> scan_instructions() const;
  void row_scan(unsigned a, llvm::Value* from, llvm::Value* to, bool inner_where, llvm::BasicBlock* row_done);
  llvm::MDNode* scan_loop_md();

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
  llvm::Module& m_;
  llvm::LLVMContext& ctx_;
  llvm::Type *f64_, *i64_, *i32_, *i8_;
  llvm::PointerType* ptr_;
  llvm::FunctionType *add_ty_;

  // The kernel and its function; names as in the block diagram above.
  const ir::Kernel& k;
  const size_t n;       // instructions
  const unsigned axes;  // loops
  llvm::Function* f;
  llvm::Argument *begin, *end, *args, *sink;
  llvm::BasicBlock *entry, *init, *exit;
  llvm::IRBuilder<> b;
  // entry: the values buffer add() reads, the kept count, tables, the seed, add() itself
  llvm::ArrayType* buf_ty;
  llvm::Value* buf;
  llvm::AllocaInst* kept;
  std::vector<llvm::Value*> tables;
  llvm::Value* seed = nullptr;
  llvm::Value* add_fn;
  // The threshold a point's first objective must beat is read through `th_ptr`: the sink's
  // group threshold for the point's index on the key axis, else the sink's threshold when
  // it applies, else a local NaN (which every point passes). add() may move the threshold,
  // so it is loaded again at every test.
  bool thresholds;
  int key_axis;
  llvm::Value *maximize = nullptr, *th_ptr = nullptr, *group = nullptr, *use_group = nullptr;
  // Each instruction's loop level (a search's whole body at its SearchEnd's), each
  // SearchBegin's SearchEnd.
  std::vector<unsigned> level;
  std::vector<size_t> ends;
  std::vector<llvm::Value*> vals;
  // Values known at code-generation time, folded with ir::eval on this very host so that
  // they carry the interpreter's bits (LLVM's folder may pick different NaNs).
  std::vector<std::optional<double>> known;
  llvm::Value* point;              // the flat index of the current point (level `axes`)
  std::vector<llvm::Value*> idx;   // the index along each axis (loop phis)
  std::vector<size_t> scan;        // scan_instructions()
};

}  // namespace tco::codegen
