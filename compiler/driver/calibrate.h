// `tcoc calibrate MEASUREMENTS.csv --out FILE.tco [--base ENGINE] [--name NAME] [--import
// MODULE]...`: fit an Engine's constants to an analyst's own measured runs and write them as
// a module.
#pragma once
#include <string>
#include <vector>

namespace tco::driver {

struct CalibrateOptions {
  std::string out_path;            // the module to write; `-` prints it
  std::string base = "calibrated";  // the Engine fitted from
  std::string name = "fitted";      // the module's `let`
  // Modules (beside the runs, on TCO_PATH or in the stdlib) whose names the runs and --base
  // may use: an engine fitted before, an accelerator or model of one's own.
  std::vector<std::string> imports;
};

int calibrate(const std::string& csv_path, const CalibrateOptions& opts, std::string& out, std::string& err, bool color);

}  // namespace tco::driver
