// The compiler pipeline (load and parse, check, lower), stage by stage, as every client runs
// it: the command line, the language server and the tests. Each stage's output stays
// inspectable on the Compilation.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/load.h"
#include "compiler/sema/program.h"

namespace tco::pipeline {

struct Compilation {
  SourceManager sources;
  Diagnostics diags{sources};
  sema::Program program{sources};
  ir::Program ir;
  std::string path;  // the plan, as given
  FileId file = 0;   // the plan in `sources`; 0 when it could not be read
  bool parsed = false, checked = false, lowered = false;
  // Set only with Options::contain_internal_errors: what a stage threw. The stages after it
  // did not run; what was reported before it is kept.
  std::string internal_error;
  // Wall time of each stage, in seconds (`--time`); parsing includes reading the files.
  double parse_seconds = 0, check_seconds = 0, lower_seconds = 0;
};

enum class Stage { Parse, Check, Lower };

// Runs between parsing and checking, and may edit the parsed program (`tcoc explain` swaps
// the plan's outputs for its own report). Returns false to stop after reporting.
using AfterParse = std::function<bool(Compilation&)>;

struct Options {
  Stage until = Stage::Lower;
  // Editor buffers standing in for the files of those paths (the language server).
  const sema::Overlay* overlay = nullptr;
  // Record what every name means (hover, go to definition); costs memory, so off by default.
  bool index_names = false;
  // An exception from a stage (an internal error) is kept in `internal_error` instead of
  // thrown, with the compilation as far as it got: a language server must outlive it.
  bool contain_internal_errors = false;
  AfterParse after_parse;
};

// The defaults, stopping after `stage`.
inline Options until(Stage stage) {
  Options o;
  o.until = stage;
  return o;
}

// Runs the pipeline up to `options.until` on a large stack; stops at the first stage with
// errors.
std::unique_ptr<Compilation> compile(const std::string& path, const sema::SearchPaths& paths,
                                     const Options& options = {});

// Wall seconds since `t` (the phases `--time` reports).
double seconds_since(std::chrono::steady_clock::time_point t);

}  // namespace tco::pipeline
