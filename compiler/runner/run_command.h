// `tcoc run` and `tcoc check` once their arguments are read: compile the plan (or stop at
// the stage --emit asks for), run it, write the results, charts and CSV. The command line
// (driver/commands.cpp) fills a RunRequest; the fuzz targets call it directly.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "compiler/runner/run.h"
#include "compiler/runner/tiering.h"
#include "runtime/format.h"

namespace tco::runner {

struct RunRequest {
  std::string file;
  bool check_only = false;  // `tcoc check`
  rt::Format format = rt::Format::Table;
  std::string emit;         // --emit: ast, typed, ir, llvm, llvm-opt; "" runs the plan
  EngineOptions engine;
  uint64_t max_rows = RunOptions{}.max_rows;
  uint64_t max_points = RunOptions{}.max_points;
  unsigned threads = 0;
  RunOptions::Percentiles percentiles = RunOptions::Percentiles::Auto;
  bool time = false;
  std::string out_path;     // --out
  std::string plot_dir;     // --plot
  std::vector<std::string> only;  // --only: run the items with these titles (select.h)
};

// The exit code; results on `out`, diagnostics on `err`. Call it through guarded().
int run_command(const RunRequest& r, std::string& out, std::string& err, bool color);

// Runs `body` as every tcoc command runs: with the allocator configured, on a large stack
// (the checker recurses over expression trees), and with every exception turned into a
// message on `err` and exit 3 (out of memory) or an internal error.
int guarded(std::string& err, const std::function<int()>& body);

}  // namespace tco::runner
