// The native module's LLVM side: the CPU chosen for code generation, an ORC LLJIT per Jit,
// and the entry table (entry.h) through which load.cpp reaches them.
#include "compiler/jit/entry.h"

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
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/Triple.h>
#include <llvm/TargetParser/X86TargetParser.h>

#include <algorithm>
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

// The CPU code is generated for, as LLVM takes it: a CPU name (instruction scheduling, and
// the features it implies) and explicit +feature/-feature switches.
struct CpuChoice {
  std::string name;
  std::vector<std::string> features;
};

// An x86-64 level's or named CPU's features the host lacks (as the host reports them; a
// feature it does not mention, such as x87, is taken as present).
std::vector<std::string> missing_features(llvm::StringRef cpu, const llvm::StringMap<bool>& host) {
  llvm::SmallVector<llvm::StringRef, 64> features;
  llvm::X86::getFeaturesForCPU(cpu, features);
  std::vector<std::string> missing;
  for (llvm::StringRef f : features)
    if (auto it = host.find(f); it != host.end() && !it->second) missing.push_back(f.str());
  return missing;
}

bool is_level(const std::string& cpu) {
  const auto& levels = x86_levels();
  return std::find(levels.begin(), levels.end(), cpu) != levels.end();
}

llvm::Expected<CpuChoice> choose_cpu(const std::string& cpu) {
  const llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  CpuChoice c;
  if (cpu == kHostCpu) {
    c.name = llvm::sys::getHostCPUName().str();
    for (const auto& f : host) c.features.push_back((f.second ? "+" : "-") + f.first().str());
    std::sort(c.features.begin(), c.features.end());
    return c;
  }
  if (!llvm::Triple(llvm::sys::getProcessTriple()).isX86() ||
      llvm::X86::parseArchX86(cpu, /*Only64Bit=*/true) == llvm::X86::CK_None)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unknown CPU `" + cpu + "`: use host, x86-64, x86-64-v2, x86-64-v3, x86-64-v4 "
                                   "or an LLVM x86-64 CPU name such as znver4 or skylake-avx512");
  c.name = cpu;
  std::vector<std::string> missing = missing_features(cpu, host);
  if (is_level(cpu) && !missing.empty()) {
    std::string list;
    for (const auto& f : missing) list += (list.empty() ? "" : ", ") + f;
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "this host cannot run " + cpu + " code: it lacks " + list);
  }
  // A named CPU keeps its tuning but only the features this host can execute.
  for (const auto& f : missing) c.features.push_back("-" + f);
  return c;
}

// The chosen CPU; fused multiply-add only where the IR asks for it (never: kernels must
// match the interpreter bit for bit).
llvm::Expected<llvm::orc::JITTargetMachineBuilder> target_builder(const CpuChoice& cpu) {
  llvm::orc::JITTargetMachineBuilder jtmb{llvm::Triple(llvm::sys::getProcessTriple())};
  jtmb.setCPU(cpu.name);
  jtmb.addFeatures(cpu.features);
  jtmb.setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  jtmb.getOptions().AllowFPOpFusion = llvm::FPOpFusion::Strict;
  return jtmb;
}

std::unique_ptr<llvm::TargetMachine> target_machine(const CpuChoice& cpu, std::string* error) {
  auto jtmb = target_builder(cpu);
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

class LlvmJit final : public Jit {
 public:
  bool compile(const ir::Program& p, std::string* error, const Wanted& wanted) override;
  TcoKernelFn kernel(ir::ItemKind kind, size_t i) const override {
    const std::vector<TcoKernelFn>& list = kernels_[static_cast<size_t>(kind)];
    return i < list.size() ? list[i] : nullptr;
  }
  const std::string& llvm_ir(bool optimized) const override { return ir_[optimized ? 1 : 0]; }
  void set_keep_ir(bool keep) override { keep_ir_ = keep; }
  std::string cpu_name() const override { return cpu_.name; }
  std::string cpu_features() const override {
    std::string s;
    for (const auto& f : cpu_.features) s += (s.empty() ? "" : ",") + f;
    return s;
  }
  double codegen_seconds() const override { return codegen_s_; }
  double compile_seconds() const override { return compile_s_; }

  static std::unique_ptr<Jit> create(const std::string& cpu, std::string* error);

 private:
  // The libm functions and the RNG as absolute symbols: the kernels call exactly what the
  // interpreter calls, and need not find them among the process's exported symbols.
  llvm::Error define_runtime(llvm::orc::JITDylib& jd) {
    llvm::orc::MangleAndInterner mangle(lljit_->getExecutionSession(), lljit_->getDataLayout());
    llvm::orc::SymbolMap syms;
    size_t count = 0;
    const codegen::RuntimeSymbol* rs = codegen::runtime_symbols(&count);
    for (size_t i = 0; i < count; ++i)
      syms[mangle(rs[i].name)] = {llvm::orc::ExecutorAddr::fromPtr(rs[i].address),
                                  llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    return jd.define(llvm::orc::absoluteSymbols(std::move(syms)));
  }

  CpuChoice cpu_;
  std::string session_error_;  // what the ExecutionSession reported last (outlives lljit_)
  std::unique_ptr<llvm::orc::LLJIT> lljit_;
  std::unique_ptr<llvm::TargetMachine> tm_;  // for the optimisation pipeline
  std::vector<TcoKernelFn> kernels_[3];      // by ir::ItemKind
  std::string ir_[2];
  bool keep_ir_ = true;
  double codegen_s_ = 0, compile_s_ = 0;
  unsigned programs_ = 0;  // JITDylibs used so far (the first is the main one)
};

std::unique_ptr<Jit> LlvmJit::create(const std::string& cpu, std::string* error) {
  if (!init_llvm(error)) return nullptr;
  auto choice = choose_cpu(cpu);
  if (!choice) {
    *error = llvm::toString(choice.takeError());
    return nullptr;
  }
  auto jtmb = target_builder(*choice);
  if (!jtmb) {
    *error = llvm::toString(jtmb.takeError());
    return nullptr;
  }
  auto jit = std::make_unique<LlvmJit>();
  jit->cpu_ = *choice;
  jit->tm_ = target_machine(*choice, error);
  if (!jit->tm_) return nullptr;
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
  jit->lljit_ = std::move(*lljit);
  LlvmJit* self = jit.get();
  jit->lljit_->getExecutionSession().setErrorReporter(
      [self](llvm::Error e) { self->session_error_ = llvm::toString(std::move(e)); });
  if (llvm::Error e = jit->define_runtime(jit->lljit_->getMainJITDylib())) {
    *error = llvm::toString(std::move(e));
    return nullptr;
  }
  return jit;
}

bool LlvmJit::compile(const ir::Program& p, std::string* error, const Wanted& wanted) {
  for (auto& list : kernels_) list.clear();
  ir_[0].clear();
  ir_[1].clear();
  codegen_s_ = compile_s_ = 0;

  auto t0 = Clock::now();
  auto ctx = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> m =
      codegen::generate(p, *ctx, lljit_->getDataLayout(), lljit_->getTargetTriple(), error, wanted);
  if (!m) return false;
  codegen_s_ = seconds_since(t0);
  if (keep_ir_) ir_[0] = codegen::print(*m);

  auto t1 = Clock::now();
  codegen::optimize(*m, *tm_);
  double opt_s = seconds_since(t1);
  if (keep_ir_) ir_[1] = codegen::print(*m);

  auto t2 = Clock::now();
  // Each program gets its own JITDylib, so kernel names never clash across programs.
  llvm::orc::JITDylib* jd = &lljit_->getMainJITDylib();
  if (programs_ > 0) {
    auto made = lljit_->createJITDylib("tco_program_" + std::to_string(programs_));
    if (!made) {
      *error = llvm::toString(made.takeError());
      return false;
    }
    jd = &*made;
    if (llvm::Error e = define_runtime(*jd)) {
      *error = llvm::toString(std::move(e));
      return false;
    }
  }
  ++programs_;
  if (llvm::Error e = lljit_->addIRModule(*jd, llvm::orc::ThreadSafeModule(std::move(m), std::move(ctx)))) {
    *error = llvm::toString(std::move(e));
    return false;
  }
  // Look every wanted kernel up now: the first lookup generates the machine code for all.
  for (ir::ItemKind kind : {ir::ItemKind::Report, ir::ItemKind::Study, ir::ItemKind::Assert})
    kernels_[static_cast<size_t>(kind)].assign(p.count(kind), nullptr);
  auto lookup = [&](ir::ItemRef item) {
    if (wanted && !wanted(item.kind, item.index)) return true;
    session_error_.clear();
    auto addr = lljit_->lookup(*jd, codegen::kernel_name(item.kind, item.index));
    if (!addr) {
      *error = llvm::toString(addr.takeError());
      if (!session_error_.empty()) *error += ": " + session_error_;
      return false;
    }
    kernels_[static_cast<size_t>(item.kind)][item.index] = addr->toPtr<TcoKernelFn>();
    return true;
  };
  bool ok = true;
  for (const ir::ItemRef& item : p.items())
    if (!(ok = lookup(item))) break;
  compile_s_ = opt_s + seconds_since(t2);
  if (!ok)
    for (auto& list : kernels_) list.clear();
  return ok;
}

std::string emit_module(const ir::Program& p, bool optimized, const std::string& cpu, std::string* error) {
  if (!init_llvm(error)) return {};
  auto choice = choose_cpu(cpu);
  if (!choice) {
    *error = llvm::toString(choice.takeError());
    return {};
  }
  std::unique_ptr<llvm::TargetMachine> tm = target_machine(*choice, error);
  if (!tm) return {};
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = codegen::generate(p, ctx, tm->createDataLayout(), tm->getTargetTriple(), error);
  if (!m) return {};
  if (optimized) codegen::optimize(*m, *tm);
  return codegen::print(*m);
}

std::vector<std::string> levels_of_host() {
  const llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  std::vector<std::string> out;
  for (const auto& level : x86_levels())
    if (missing_features(level, host).empty()) out.push_back(level);
  return out;
}

bool check_cpu(const std::string& cpu, std::string* error) {
  auto choice = choose_cpu(cpu);
  if (choice) return true;
  *error = llvm::toString(choice.takeError());
  return false;
}

const Entry kEntry = {kEntryAbi, &LlvmJit::create, &emit_module, &levels_of_host, &check_cpu};

}  // namespace
}  // namespace tco::jit

extern "C" __attribute__((visibility("default"))) const tco::jit::Entry* tco_jit_entry() { return &tco::jit::kEntry; }
