// `tcoc fmt [--check] [--stdout] FILE...`: rewrite plans in the canonical layout
// (compiler/syntax/format.h), or with --check only report which would change.
#pragma once
#include <string>
#include <vector>

namespace tco::driver {

struct FmtOptions {
  bool check = false;      // change nothing; exit 1 if a file is not formatted
  bool to_stdout = false;  // print the formatted text instead of rewriting the file
};

// FILE `-` reads standard input and prints the result. Exit code: 0, 1 (--check
// found a file to reformat), 2 (a file does not parse; it is left untouched) or 3 (a
// file cannot be read or written); the worst over all files, each handled on its own.
int fmt_files(const std::vector<std::string>& files, const FmtOptions& opts, std::string& out,
              std::string& err, bool color);

}  // namespace tco::driver
