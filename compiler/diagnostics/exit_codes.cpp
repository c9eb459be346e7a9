#include "compiler/diagnostics/exit_codes.h"

namespace tco {

int exit_code_for(const Diagnostics& d) {
  for (const auto& x : d.list())
    if (info(x.kind).severity == Severity::Error && info(x.kind).exit == ExitClass::Runtime) return kRuntimeError;
  return d.has_errors() ? kCompileError : kOk;
}

}  // namespace tco
