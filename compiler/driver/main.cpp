// The tcoc executable: tcoc_main (which runs itself on a large stack, big_stack.h) and
// its output, written once it is complete.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "compiler/driver/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
  std::string out, err;
  int code = 0;
  // tcoc_main turns every exception into an "internal error" diagnostic.
  code = tco::driver::tcoc_main(args, out, err, color);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  std::fwrite(err.data(), 1, err.size(), stderr);
  return code;
}
