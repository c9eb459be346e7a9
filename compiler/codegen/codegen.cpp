#include "compiler/codegen/codegen.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Triple.h>

#include "compiler/codegen/kernel_gen.h"
#include "compiler/ir/analysis.h"

namespace tco::codegen {

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
  for (const ir::ItemRef& item : p.items()) {
    if (wanted && !wanted(item.kind, item.index)) continue;
    const ir::Kernel& k = p.kernel(item.kind, item.index);
    std::string name = kernel_name(item.kind, item.index);
    if (std::string why = ir::check_kernel(k); !why.empty()) {
      *error = name + ": " + why;
      return nullptr;
    }
    KernelGen(*m, k, name).generate();
  }
  std::string msg;
  llvm::raw_string_ostream os(msg);
  if (llvm::verifyModule(*m, &os)) {
    *error = "invalid LLVM module: " + os.str();
    return nullptr;
  }
  return m;
}

}  // namespace tco::codegen
