#include "compiler/jit/jit.h"

#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/IRCompileLayer.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/Mangling.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>
#include <mutex>
#include <vector>

#include "compiler/codegen/codegen.h"

namespace tco::jit {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

bool init_llvm(std::string* error) {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = !llvm::InitializeNativeTarget() && !llvm::InitializeNativeTargetAsmPrinter() &&
         !llvm::InitializeNativeTargetAsmParser();
  });
  if (!ok) *error = "LLVM has no code generator for this host";
  return ok;
}

// The host CPU with all its features; fused multiply-add only where the IR asks for it
// (never: kernels must match the interpreter bit for bit).
llvm::Expected<llvm::orc::JITTargetMachineBuilder> host_builder() {
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) return jtmb.takeError();
  jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  jtmb->getOptions().AllowFPOpFusion = llvm::FPOpFusion::Strict;
  return jtmb;
}

std::unique_ptr<llvm::TargetMachine> host_machine(std::string* error) {
  auto jtmb = host_builder();
  if (!jtmb) {
    *error = llvm::toString(jtmb.takeError());
    return nullptr;
  }
  auto tm = jtmb->createTargetMachine();
  if (!tm) {
    *error = llvm::toString(tm.takeError());
    return nullptr;
  }
  return std::move(*tm);
}

// Past this many instructions in one kernel, machine code is generated at CodeGenOptLevel::None.
constexpr size_t kHugeKernel = 10000;

// Machine code for a module. The greedy register allocator's time grows superlinearly with
// the size of a block (7 s for one 29,000-instruction kernel, 75 s for 87,000), so a module
// with a kernel that large gets the fast instruction selector and register allocator: about
// 15 times quicker to build, and such a kernel's run time rarely repays the difference.
// LLJIT compiles on the thread that looks symbols up, one module at a time.
class HostCompiler : public llvm::orc::IRCompileLayer::IRCompiler {
 public:
  HostCompiler(std::unique_ptr<llvm::TargetMachine> full, std::unique_ptr<llvm::TargetMachine> fast)
      : IRCompiler(llvm::orc::irManglingOptionsFromTargetOptions(full->Options)),
        full_(std::move(full)),
        fast_(std::move(fast)) {}
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> operator()(llvm::Module& m) override {
    llvm::TargetMachine& tm = codegen::largest_function(m) > kHugeKernel ? *fast_ : *full_;
    return llvm::orc::SimpleCompiler(tm)(m);
  }

 private:
  std::unique_ptr<llvm::TargetMachine> full_, fast_;
};

}  // namespace

struct Jit::Impl {
  std::string session_error;  // what the ExecutionSession reported last (outlives lljit)
  std::unique_ptr<llvm::orc::LLJIT> lljit;
  std::unique_ptr<llvm::TargetMachine> tm;  // for the optimisation pipeline
  std::vector<TcoKernelFn> reports, studies, asserts;
  std::string ir[2];
  bool keep_ir = true;
  double codegen_s = 0, compile_s = 0;
  unsigned programs = 0;  // JITDylibs used so far (the first is the main one)

  // The libm functions and the RNG as absolute symbols: the kernels call exactly what the
  // interpreter calls, and need not find them among the process's exported symbols.
  llvm::Error define_runtime(llvm::orc::JITDylib& jd) {
    llvm::orc::MangleAndInterner mangle(lljit->getExecutionSession(), lljit->getDataLayout());
    llvm::orc::SymbolMap syms;
    size_t count = 0;
    const codegen::RuntimeSymbol* rs = codegen::runtime_symbols(&count);
    for (size_t i = 0; i < count; ++i)
      syms[mangle(rs[i].name)] = {llvm::orc::ExecutorAddr::fromPtr(rs[i].address),
                                  llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    return jd.define(llvm::orc::absoluteSymbols(std::move(syms)));
  }
};

Jit::Jit() : impl_(std::make_unique<Impl>()) {}
Jit::~Jit() = default;

std::unique_ptr<Jit> Jit::create(std::string* error) {
  if (!init_llvm(error)) return nullptr;
  auto jtmb = host_builder();
  if (!jtmb) {
    *error = llvm::toString(jtmb.takeError());
    return nullptr;
  }
  std::unique_ptr<Jit> jit(new Jit());
  Impl& im = *jit->impl_;
  im.tm = host_machine(error);
  if (!im.tm) return nullptr;
  auto lljit = llvm::orc::LLJITBuilder()
                   .setJITTargetMachineBuilder(std::move(*jtmb))
                   .setCompileFunctionCreator([](llvm::orc::JITTargetMachineBuilder b)
                                                  -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
                     auto full = b.createTargetMachine();
                     if (!full) return full.takeError();
                     b.setCodeGenOptLevel(llvm::CodeGenOptLevel::None);
                     auto fast = b.createTargetMachine();
                     if (!fast) return fast.takeError();
                     return std::make_unique<HostCompiler>(std::move(*full), std::move(*fast));
                   })
                   .create();
  if (!lljit) {
    *error = llvm::toString(lljit.takeError());
    return nullptr;
  }
  im.lljit = std::move(*lljit);
  im.lljit->getExecutionSession().setErrorReporter(
      [&im](llvm::Error e) { im.session_error = llvm::toString(std::move(e)); });
  if (llvm::Error e = im.define_runtime(im.lljit->getMainJITDylib())) {
    *error = llvm::toString(std::move(e));
    return nullptr;
  }
  return jit;
}

bool Jit::compile(const ir::Program& p, std::string* error) {
  Impl& im = *impl_;
  im.reports.clear();
  im.studies.clear();
  im.asserts.clear();
  im.ir[0].clear();
  im.ir[1].clear();
  im.codegen_s = im.compile_s = 0;

  auto t0 = Clock::now();
  auto ctx = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> m =
      codegen::generate(p, *ctx, im.lljit->getDataLayout(), im.lljit->getTargetTriple(), error);
  if (!m) return false;
  im.codegen_s = seconds_since(t0);
  if (im.keep_ir) im.ir[0] = codegen::print(*m);

  auto t1 = Clock::now();
  codegen::optimize(*m, *im.tm);
  double opt_s = seconds_since(t1);
  if (im.keep_ir) im.ir[1] = codegen::print(*m);

  auto t2 = Clock::now();
  // Each program gets its own JITDylib, so kernel names never clash across programs.
  llvm::orc::JITDylib* jd = &im.lljit->getMainJITDylib();
  if (im.programs > 0) {
    auto made = im.lljit->createJITDylib("tco_program_" + std::to_string(im.programs));
    if (!made) {
      *error = llvm::toString(made.takeError());
      return false;
    }
    jd = &*made;
    if (llvm::Error e = im.define_runtime(*jd)) {
      *error = llvm::toString(std::move(e));
      return false;
    }
  }
  ++im.programs;
  if (llvm::Error e = im.lljit->addIRModule(*jd, llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)))) {
    *error = llvm::toString(std::move(e));
    return false;
  }
  // Look every kernel up now: the first lookup generates the machine code for all.
  auto lookup = [&](ir::ItemKind kind, size_t n, std::vector<TcoKernelFn>& out) {
    for (size_t i = 0; i < n; ++i) {
      im.session_error.clear();
      auto addr = im.lljit->lookup(*jd, codegen::kernel_name(kind, i));
      if (!addr) {
        *error = llvm::toString(addr.takeError());
        if (!im.session_error.empty()) *error += ": " + im.session_error;
        return false;
      }
      out.push_back(addr->toPtr<TcoKernelFn>());
    }
    return true;
  };
  bool ok = lookup(ir::ItemKind::Report, p.reports.size(), im.reports) &&
            lookup(ir::ItemKind::Study, p.studies.size(), im.studies) &&
            lookup(ir::ItemKind::Assert, p.asserts.size(), im.asserts);
  im.compile_s = opt_s + seconds_since(t2);
  if (!ok) {
    im.reports.clear();
    im.studies.clear();
    im.asserts.clear();
  }
  return ok;
}

TcoKernelFn Jit::report_kernel(size_t i) const { return i < impl_->reports.size() ? impl_->reports[i] : nullptr; }
TcoKernelFn Jit::study_kernel(size_t i) const { return i < impl_->studies.size() ? impl_->studies[i] : nullptr; }
TcoKernelFn Jit::assert_kernel(size_t i) const { return i < impl_->asserts.size() ? impl_->asserts[i] : nullptr; }

const std::string& Jit::llvm_ir(bool optimized) const { return impl_->ir[optimized ? 1 : 0]; }
void Jit::set_keep_ir(bool keep) { impl_->keep_ir = keep; }

double Jit::codegen_seconds() const { return impl_->codegen_s; }
double Jit::compile_seconds() const { return impl_->compile_s; }

std::string emit_llvm(const ir::Program& p, bool optimized, std::string* error) {
  if (!init_llvm(error)) return {};
  std::unique_ptr<llvm::TargetMachine> tm = host_machine(error);
  if (!tm) return {};
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = codegen::generate(p, ctx, tm->createDataLayout(), tm->getTargetTriple(), error);
  if (!m) return {};
  if (optimized) codegen::optimize(*m, *tm);
  return codegen::print(*m);
}

}  // namespace tco::jit
