// Finds and loads the native module on first use; the entry points of jit.h forward to it.
// Loading LLVM costs about 50 ms of relocations and static initialisers, which only a plan
// worth compiling should pay. The module stays loaded for the life of the process: LLVM's
// global state does not survive being unloaded.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "compiler/jit/entry.h"

namespace tco::jit {
namespace {

constexpr const char* kModuleName = "tcoc-jit.so";

// Where the module may be: TCOC_JIT_MODULE, beside the running executable (an installed or
// copied tcoc), then the build tree it was built in (the test programs live below it).
std::vector<std::string> candidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("TCOC_JIT_MODULE"); env && *env) return {env};
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back((exe.parent_path() / kModuleName).string());
#ifdef TCOC_JIT_MODULE_PATH
  if (out.empty() || out.front() != TCOC_JIT_MODULE_PATH) out.push_back(TCOC_JIT_MODULE_PATH);
#endif
  return out;
}

struct Loaded {
  const Entry* entry = nullptr;
  std::string error;
};

const Loaded& loaded() {
  static const Loaded once = [] {
    Loaded l;
    std::string tried;
    for (const std::string& path : candidates()) {
      if (::access(path.c_str(), F_OK) != 0) {
        tried += (tried.empty() ? "" : ", ") + path;
        continue;
      }
      // RTLD_LOCAL: LLVM's symbols stay out of the global namespace.
      void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        const char* why = ::dlerror();
        l.error = "cannot load " + path + ": " + (why ? why : "unknown error");
        return l;
      }
      auto get = reinterpret_cast<const Entry* (*)()>(::dlsym(handle, "tco_jit_entry"));
      if (!get) {
        l.error = path + " is not tcoc's native module (no tco_jit_entry)";
        return l;
      }
      const Entry* e = get();
      if (e == nullptr || e->abi != kEntryAbi) {
        l.error = path + " belongs to another build of tcoc; rebuild it with this one";
        return l;
      }
      l.entry = e;
      return l;
    }
    l.error = std::string("the native module ") + kModuleName + " was not found (looked for " + tried +
              "); set TCOC_JIT_MODULE to its path";
    return l;
  }();
  return once;
}

const Entry* entry(std::string* error) {
  const Loaded& l = loaded();
  if (!l.entry && error) *error = l.error;
  return l.entry;
}

}  // namespace

bool load(std::string* error) { return entry(error) != nullptr; }

std::unique_ptr<Jit> Jit::create(const std::string& cpu, std::string* error) {
  const Entry* e = entry(error);
  return e ? e->create(cpu, error) : nullptr;
}

std::string emit_llvm(const ir::Program& p, bool optimized, std::string* error, const std::string& cpu) {
  const Entry* e = entry(error);
  return e ? e->emit_llvm(p, optimized, cpu, error) : std::string();
}

std::string cpu_problem(const std::string& cpu) {
  const Entry* e = entry(nullptr);
  std::string why;
  return e != nullptr && !e->check_cpu(cpu, &why) ? why : "";
}

std::vector<std::string> host_levels(std::string* error) {
  const Entry* e = entry(error);
  return e ? e->host_levels() : std::vector<std::string>{};
}

}  // namespace tco::jit
