// The one symbol the native module (tcoc-jit.so, built from jit.cpp and compiler/codegen)
// exports, and what load.cpp finds through it. Both sides are compiled from this tree; the
// ABI stamp makes a module from another build refuse to load instead of misreading the
// ir::Program it is handed.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/jit/jit.h"

namespace tco::jit {

// Bump kEntryVersion when this table or the meaning of anything it passes changes; the
// sizes catch most layout changes of the IR handed over.
constexpr uint64_t kEntryVersion = 3;
constexpr uint64_t kEntryAbi = (kEntryVersion << 48) ^ (sizeof(ir::Program) << 32) ^ (sizeof(ir::Kernel) << 20) ^
                               (sizeof(ir::Inst) << 12) ^ (sizeof(ir::StudyItem) << 4) ^ sizeof(std::string);

struct Entry {
  uint64_t abi;
  std::unique_ptr<Jit> (*create)(const std::string& cpu, std::string* error);
  std::string (*emit_llvm)(const ir::Program& p, bool optimized, const std::string& cpu, std::string* error);
  std::vector<std::string> (*host_levels)();
  bool (*check_cpu)(const std::string& cpu, std::string* error);
};

}  // namespace tco::jit

// Defined by the module; looked up by name with dlsym.
extern "C" const tco::jit::Entry* tco_jit_entry();
