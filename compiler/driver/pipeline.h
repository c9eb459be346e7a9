// The compiler pipeline, stage by stage; every stage's output stays inspectable.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/load.h"
#include "compiler/sema/program.h"

namespace tco::driver {

struct Compilation {
  SourceManager sources;
  Diagnostics diags{sources};
  sema::Program program{sources};
  ir::Program ir;
  bool parsed = false, checked = false, lowered = false;
  // Wall time of each stage, in seconds (`--time`); parsing includes reading the files.
  double parse_seconds = 0, check_seconds = 0, lower_seconds = 0;
};

enum class Stage { Parse, Check, Lower };

// Runs between parsing and checking, and may edit the parsed program (`tcoc explain` swaps
// the plan's outputs for its own report). Returns false to stop after reporting.
using AfterParse = std::function<bool(Compilation&)>;

// Runs the pipeline up to `until`; stops at the first stage with errors.
std::unique_ptr<Compilation> compile(const std::string& path, const sema::SearchPaths& paths, Stage until,
                                     const AfterParse& after_parse = {});

// Wall seconds since `t` (the phases `--time` reports).
double seconds_since(std::chrono::steady_clock::time_point t);

}  // namespace tco::driver
