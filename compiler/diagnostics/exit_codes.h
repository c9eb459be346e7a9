// tcoc's exit codes, and the one a set of diagnostics calls for.
#pragma once
#include "compiler/diagnostics/diagnostics.h"

namespace tco {

enum ExitCode { kOk = 0, kAssertFailed = 1, kCompileError = 2, kRuntimeError = 3 };

// 3 when an error is of ExitClass::Runtime (kinds.def), 2 for other errors, 0 for none.
int exit_code_for(const Diagnostics& d);

}  // namespace tco
