#pragma once
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"

namespace tco::driver {

enum ExitCode { kOk = 0, kAssertFailed = 1, kCompileError = 2, kRuntimeError = 3 };

// The whole `tcoc` command: args exclude the program name. Output goes to the two strings
// so tests can run it in-process; main() prints them.
// The exit code a set of diagnostics calls for: 3 for unreadable files and runtime errors
// (E0001, E03xx), 2 for other errors, 0 for none.
int exit_code_for(const Diagnostics& d);

int tcoc_main(const std::vector<std::string>& args, std::string& out, std::string& err, bool color = false);

}  // namespace tco::driver
