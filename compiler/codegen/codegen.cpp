#include "compiler/codegen/codegen.h"

#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Triple.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <vector>

#include "compiler/ir/ops.h"
#include "runtime/rng.h"
#include "runtime/sink.h"

namespace tco::codegen {
namespace {

using Unary = double (*)(double);
using Binary = double (*)(double, double);

// The very functions the interpreter reaches through std::log etc., so results match bit
// for bit.
const RuntimeSymbol kRuntimeSymbols[] = {
    {"log", reinterpret_cast<void*>(static_cast<Unary>(&std::log))},
    {"exp", reinterpret_cast<void*>(static_cast<Unary>(&std::exp))},
    {"log10", reinterpret_cast<void*>(static_cast<Unary>(&std::log10))},
    {"log2", reinterpret_cast<void*>(static_cast<Unary>(&std::log2))},
    {"cos", reinterpret_cast<void*>(static_cast<Unary>(&std::cos))},
    {"pow", reinterpret_cast<void*>(static_cast<Binary>(&std::pow))},
    {"tco_rt_uniform01", reinterpret_cast<void*>(&tco_rt_uniform01)},
};

constexpr size_t kSlpMaxInstructions = 4000;

const char* libm_name(ir::Op op) {
  switch (op) {
    case ir::Op::Ln: return "log";
    case ir::Op::Exp: return "exp";
    case ir::Op::Log10: return "log10";
    case ir::Op::Log2: return "log2";
    case ir::Op::Cos: return "cos";
    case ir::Op::Pow: return "pow";
    default: return nullptr;
  }
}

// An operand id must name an earlier instruction; ids of axes and tables must exist.
bool validate(const ir::Kernel& k, const std::string& name, std::string* error) {
  auto fail = [&](size_t i, const std::string& what) {
    *error = name + ": instruction " + std::to_string(i) + ": " + what;
    return false;
  };
  for (size_t i = 0; i < k.insts.size(); ++i) {
    const ir::Inst& in = k.insts[i];
    if (in.op > ir::Op::Select) return fail(i, "unknown operation");
    int n = ir::op_arity(in.op);
    if (in.op == ir::Op::Table) {
      if (in.a >= k.tables.size()) return fail(i, "no table " + std::to_string(in.a));
      if (in.b >= i) return fail(i, "index operand is not an earlier value");
      continue;
    }
    if (in.op == ir::Op::Index && in.a >= k.axes.size()) return fail(i, "no axis " + std::to_string(in.a));
    if (in.op == ir::Op::Index || in.op == ir::Op::Uniform || in.op == ir::Op::Const) continue;
    if ((n >= 1 && in.a >= i) || (n >= 2 && in.b >= i) || (n >= 3 && in.c >= i))
      return fail(i, "operand is not an earlier value");
  }
  for (const auto* list : {&k.where, &k.outputs, &k.objectives, &k.keys})
    for (ir::ValueId v : *list)
      if (v >= k.insts.size()) {
        *error = name + ": value " + std::to_string(v) + " does not exist";
        return false;
      }
  return true;
}

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
    const char* name = libm_name(op);
    auto* ty = op == ir::Op::Pow ? llvm::FunctionType::get(f64_, {f64_, f64_}, false)
                                 : llvm::FunctionType::get(f64_, {f64_}, false);
    llvm::FunctionCallee fc = m_.getOrInsertFunction(name, ty);
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
  llvm::FunctionType *kernel_ty_, *add_ty_;
};

void ModuleGen::kernel(const ir::Kernel& k, const std::string& name) {
  using ir::Op;
  const size_t n = k.insts.size(), axes = k.axes.size();
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
  auto* loop = llvm::BasicBlock::Create(ctx_, "loop", f);
  auto* emit = llvm::BasicBlock::Create(ctx_, "emit", f);
  auto* store = llvm::BasicBlock::Create(ctx_, "store", f);
  auto* next = llvm::BasicBlock::Create(ctx_, "next", f);
  auto* exit = llvm::BasicBlock::Create(ctx_, "exit", f);
  llvm::IRBuilder<> b(entry);

  // ---- entry: what every point shares ----
  const size_t width = k.outputs.size() + k.objectives.size() + k.keys.size();
  auto* buf_ty = llvm::ArrayType::get(f64_, width == 0 ? 1 : width);
  llvm::Value* buf = b.CreateAlloca(buf_ty, nullptr, "values");

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
  llvm::Value *use_threshold = nullptr, *maximize = nullptr;
  if (!k.objectives.empty()) {
    llvm::Value* u = b.CreateLoad(i32_, field(b, sink, offsetof(TcoSink, use_threshold)));
    use_threshold = b.CreateICmpNE(u, b.getInt32(0), "use_threshold");
    llvm::Value* mx = b.CreateLoad(i32_, field(b, sink, offsetof(TcoSink, maximize)));
    maximize = b.CreateICmpNE(mx, b.getInt32(0), "maximize");
  }

  // Which values vary from point to point, exactly as the interpreter decides.
  std::vector<bool> varying(n, false);
  for (size_t i = 0; i < n; ++i) {
    const ir::Inst& in = k.insts[i];
    int ar = ir::op_arity(in.op);
    bool v = in.op == Op::Index || in.op == Op::Uniform;
    if (in.op == Op::Table) v = varying[in.b];
    else {
      if (ar >= 1) v = v || varying[in.a];
      if (ar >= 2) v = v || varying[in.b];
      if (ar >= 3) v = v || varying[in.c];
    }
    varying[i] = v;
  }

  std::vector<llvm::Value*> vals(n, nullptr);
  // Values known at code-generation time, folded with ir::eval on this very host so that
  // they carry the interpreter's bits (LLVM's folder may pick different NaNs).
  std::vector<std::optional<double>> known(n);
  llvm::Value* point = nullptr;            // the flat index (a phi of the loop)
  std::vector<llvm::Value*> idx(axes);     // the odometer (phis of the loop)

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

  for (size_t i = 0; i < n; ++i)
    if (!varying[i]) vals[i] = gen(i);

  // A `where` that fails for every point ends the call before the loop.
  llvm::Value* go = b.CreateICmpULT(begin, end);
  for (ir::ValueId w : k.where)
    if (!varying[w]) go = b.CreateAnd(go, truth(b, vals[w]));
  b.CreateCondBr(go, init, exit);

  // ---- init: the odometer at `begin` (the only divisions) ----
  b.SetInsertPoint(init);
  std::vector<llvm::Value*> sizes(axes), start(axes);
  if (axes > 0) {
    llvm::Value* sizes_p = b.CreateLoad(ptr_, field(b, args, offsetof(TcoKernelArgs, axis_sizes)), "axis_sizes");
    for (size_t a = 0; a < axes; ++a)
      sizes[a] = b.CreateLoad(i64_, b.CreateConstInBoundsGEP1_64(i64_, sizes_p, a), "size" + std::to_string(a));
    llvm::Value* rest = begin;
    for (size_t a = axes; a-- > 0;) {
      start[a] = axes == 1 ? rest : b.CreateURem(rest, sizes[a]);
      if (a > 0) rest = b.CreateUDiv(rest, sizes[a]);
    }
  }
  b.CreateBr(loop);

  // ---- loop: one point ----
  b.SetInsertPoint(loop);
  auto* p_phi = b.CreatePHI(i64_, 2, "p");
  p_phi->addIncoming(begin, init);
  point = p_phi;
  std::vector<llvm::PHINode*> idx_phi(axes);
  for (size_t a = 0; a < axes; ++a) {
    idx_phi[a] = b.CreatePHI(i64_, 2, "i" + std::to_string(a));
    idx_phi[a]->addIncoming(start[a], init);
    idx[a] = idx_phi[a];
  }
  for (size_t i = 0; i < n; ++i)
    if (varying[i]) vals[i] = gen(i);
  llvm::Value* keep = b.getTrue();
  for (ir::ValueId w : k.where)
    if (varying[w]) keep = b.CreateAnd(keep, truth(b, vals[w]));
  b.CreateCondBr(keep, emit, next);

  // ---- emit: the threshold test (re-reading the threshold each time: add() moves it) ----
  b.SetInsertPoint(emit);
  if (!k.objectives.empty()) {
    llvm::Value* th = b.CreateLoad(f64_, field(b, sink, offsetof(TcoSink, threshold)), "threshold");
    llvm::Value* obj = vals[k.objectives[0]];
    llvm::Value* better = b.CreateSelect(maximize, b.CreateFCmpOGT(obj, th), b.CreateFCmpOLT(obj, th));
    llvm::Value* pass = b.CreateOr(b.CreateNot(use_threshold), b.CreateOr(b.CreateFCmpUNO(th, th), better));
    b.CreateCondBr(pass, store, next);
  } else {
    b.CreateBr(store);
  }

  // ---- store: outputs | objectives | keys, then sink->add ----
  b.SetInsertPoint(store);
  size_t slot = 0;
  for (const auto* list : {&k.outputs, &k.objectives, &k.keys})
    for (ir::ValueId v : *list) b.CreateStore(vals[v], b.CreateConstInBoundsGEP2_64(buf_ty, buf, 0, slot++));
  b.CreateCall(add_ty_, add_fn, {sink, point, buf});
  b.CreateBr(next);

  // ---- next: advance the point and the odometer (last axis fastest) ----
  b.SetInsertPoint(next);
  llvm::Value* p1 = b.CreateAdd(point, b.getInt64(1), "p.next");
  p_phi->addIncoming(p1, next);
  llvm::Value* carry = b.getTrue();
  for (size_t a = axes; a-- > 0;) {
    llvm::Value* inc = b.CreateAdd(idx[a], b.CreateZExt(carry, i64_));
    llvm::Value* wrap = b.CreateICmpEQ(inc, sizes[a]);
    idx_phi[a]->addIncoming(b.CreateSelect(wrap, b.getInt64(0), inc, "i" + std::to_string(a) + ".next"), next);
    carry = wrap;
  }
  b.CreateCondBr(b.CreateICmpEQ(p1, end), exit, loop);

  b.SetInsertPoint(exit);
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

const RuntimeSymbol* runtime_symbols(size_t* count) {
  *count = std::size(kRuntimeSymbols);
  return kRuntimeSymbols;
}

std::unique_ptr<llvm::Module> generate(const ir::Program& p, llvm::LLVMContext& ctx, const llvm::DataLayout& dl,
                                       const llvm::Triple& triple, std::string* error) {
  auto m = std::make_unique<llvm::Module>("tco_plan", ctx);
  m->setDataLayout(dl);
  m->setTargetTriple(triple.str());
  ModuleGen gen(*m);
  auto one = [&](ir::ItemKind kind, size_t i, const ir::Kernel& k) {
    std::string name = kernel_name(kind, i);
    if (!validate(k, name, error)) return false;
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

size_t largest_function(const llvm::Module& m) {
  size_t largest = 0;
  for (const llvm::Function& f : m) largest = std::max<size_t>(largest, f.getInstructionCount());
  return largest;
}

void optimize(llvm::Module& m, llvm::TargetMachine& tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  // The SLP vectoriser's time grows quadratically with a block's size (11 s for a 29,000-
  // instruction kernel) and straight-line scalar chains rarely gain from it: only small
  // kernels get it.
  llvm::PipelineTuningOptions pto;
  pto.LoopVectorization = true;
  pto.SLPVectorization = largest_function(m) <= kSlpMaxInstructions;
  llvm::PassBuilder pb(&tm, pto);
  // Kernels call these for their exact libm results: no pass may fold, vectorise or
  // rewrite them (e.g. pow(2, x) -> exp2(x)). Registered before the defaults, so it wins.
  llvm::TargetLibraryInfoImpl tlii{llvm::Triple(m.getTargetTriple())};
  for (llvm::LibFunc lf : {llvm::LibFunc_log, llvm::LibFunc_exp, llvm::LibFunc_log10, llvm::LibFunc_log2,
                           llvm::LibFunc_cos, llvm::LibFunc_pow})
    tlii.setUnavailable(lf);
  fam.registerPass([&] { return llvm::TargetLibraryAnalysis(tlii); });
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  mpm.run(m, mam);
}

std::string print(const llvm::Module& m) {
  std::string s;
  llvm::raw_string_ostream os(s);
  m.print(os, nullptr);
  os.flush();
  return s;
}

}  // namespace tco::codegen
