#pragma once
#include <string>
#include <vector>

namespace tco::driver {

enum ExitCode { kOk = 0, kAssertFailed = 1, kCompileError = 2, kRuntimeError = 3 };

// The whole `tcoc` command: args exclude the program name. Output goes to the two strings
// so tests can run it in-process; main() prints them.
int tcoc_main(const std::vector<std::string>& args, std::string& out, std::string& err, bool color = false);

}  // namespace tco::driver
