// `tcoc doc [MODULE...]`: a reference of modules in markdown, read off what the checker
// declares (types and their fields, constants, functions and their signatures) with the
// comments written above and beside each declaration, and every constant's fields as tcoc
// computes them. With no module, the stdlib's (docs/stdlib.md is this command's output).
#pragma once
#include <string>
#include <vector>

namespace tco::driver {

struct DocOptions {
  std::string out_path;  // write here instead of stdout
  bool check = false;    // with out_path: change nothing, exit 1 if the file differs
};

int doc(const std::vector<std::string>& modules, const DocOptions& opts, std::string& out, std::string& err, bool color);

}  // namespace tco::driver
