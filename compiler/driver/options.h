// tcoc's command line read into Options: every flag of every command, each checked as it is
// read (a missing or malformed value is a usage error, exit 2). Which command may take which
// flag is the command's own business (commands.cpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/calibrate.h"
#include "compiler/driver/fmt.h"
#include "compiler/runner/run.h"
#include "compiler/runner/tiering.h"
#include "runtime/format.h"

namespace tco::driver {

struct Options {
  std::string command;  // the first word that is not an option
  std::vector<std::string> positional;  // the words after it
  rt::Format format = rt::Format::Table;
  std::string emit;
  uint64_t max_rows = 1000000;
  uint64_t max_points = runner::RunOptions{}.max_points;
  unsigned threads = 0;
  runner::RunOptions::Percentiles percentiles = runner::RunOptions::Percentiles::Auto;
  bool help = false;
  bool time = false;
  runner::EngineOptions engine;
  bool exit_code = false;
  FmtOptions fmt;
  bool stdio = false;
  std::string out_path;
  std::string plot_dir;
  CalibrateOptions calibrate;
};

// Reads `args` into `o`. Returns an exit code when the command line is already answered:
// `--version` (0) or a usage error (2, the message on `err`); otherwise nullopt.
std::optional<int> parse_options(const std::vector<std::string>& args, Options& o, std::string& out, std::string& err);

// "error: MSG" and where to read the usage; returns 2.
int usage_error(std::string& err, const std::string& msg, const std::string& command);

}  // namespace tco::driver
