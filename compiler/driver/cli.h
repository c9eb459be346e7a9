// The `tcoc` command line: reads the arguments and hands each command to its own file
// (run_command, explain, diff, fmt, the LSP).
#pragma once
#include <string>
#include <vector>

#include "compiler/diagnostics/exit_codes.h"

namespace tco::driver {

// The whole `tcoc` command: args exclude the program name. Output goes to the two strings
// so tests can run it in-process; main() prints them. Returns the exit code.
int tcoc_main(const std::vector<std::string>& args, std::string& out, std::string& err, bool color = false);

}  // namespace tco::driver
