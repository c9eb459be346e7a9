// `tcoc run --plot DIR`: an SVG chart per sweep and simulation, written into DIR.
#pragma once
#include <string>
#include <vector>

#include "runtime/plot/shape.h"
#include "runtime/results.h"

namespace tco::rt::plot {

// Creates `dir` (and its parents) and checks that a file can be created in it: done before a
// run, so a bad `--plot` fails before any work. False with the reason in `error`.
bool prepare_dir(const std::string& dir, std::string* error);

struct Outcome {
  std::vector<std::string> lines;  // for stderr: one per file written, one per study without a chart
  std::string failed_path, error;  // set when a file could not be written (then the run stops there)
  bool ok() const { return failed_path.empty(); }
};

// The file names of the studies, in order: unique slugs of their titles (slug.h) + ".svg".
std::vector<std::string> chart_names(const RunResult& r, const std::vector<StudyShape>& shapes);

// Writes DIR/NAME.svg for every study of `shapes` that gets a chart. Each file appears whole
// or not at all: it is written to a temporary file in DIR, then renamed.
Outcome write_charts(const std::string& dir, const RunResult& r, const std::vector<StudyShape>& shapes);

}  // namespace tco::rt::plot
