// tcoc's command line read into Options: every flag of every command, each checked as it is
// read (a missing or malformed value is a usage error, exit 2). Which command may take which
// flag is the command's own business (commands.cpp).
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/diagnostics/exit_codes.h"
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
  std::vector<std::string> only;  // run: --only TITLE, repeatable
  CalibrateOptions calibrate;
};

// Reads `args` into `o`. Returns an exit code when the command line is already answered:
// `--version` (0) or a usage error (2, the message on `err`); otherwise nullopt.
std::optional<int> parse_options(const std::vector<std::string>& args, Options& o, std::string& out, std::string& err);

// A command-line error (E05xx, kinds.def) on `err`, with where to read the usage of
// `command` ("" for tcoc's own); returns 2.
template <DiagKind K, class... Args>
int usage_error(std::string& err, const std::string& command, Args&&... args) {
  SourceManager none;
  Diagnostics d(none);
  d.report<K>(Span{}, std::forward<Args>(args)...)
      .hint(fmt::format("run `tcoc {}--help` for usage", command.empty() ? "" : command + " "));
  err += d.render(false);
  return kCompileError;
}

}  // namespace tco::driver
