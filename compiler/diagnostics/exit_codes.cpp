#include "compiler/diagnostics/exit_codes.h"

#include <string>

namespace tco {

int exit_code_for(const Diagnostics& d) {
  for (const auto& x : d.list()) {
    const std::string code = info(x.kind).code;
    if (info(x.kind).severity == Severity::Error && (code == "E0001" || code.rfind("E03", 0) == 0))
      return kRuntimeError;
  }
  return d.has_errors() ? kCompileError : kOk;
}

}  // namespace tco
