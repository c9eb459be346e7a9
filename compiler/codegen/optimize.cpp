// The optimisation pipeline the JIT runs over a generated module, and what it measures.
#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Triple.h>

#include <algorithm>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/libm.h"

namespace tco::codegen {
namespace {

// The SLP vectoriser's cost grows quadratically with a block's size; past this many
// instructions in a function it is left out (optimize()).
constexpr size_t kSlpMaxInstructions = 4000;

}  // namespace

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
  for (const auto& f : libm_functions()) tlii.setUnavailable(f.libfunc);
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
