// Running a lowered program on an engine: the interpreter or JIT-compiled kernels. The
// engine only evaluates points; reductions, threads and result assembly are shared, so
// the two engines cannot differ in anything but arithmetic.
#pragma once
#include <functional>
#include <memory>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ir.h"
#include "compiler/runner/select.h"
#include "runtime/csv_out.h"
#include "runtime/executor.h"
#include "runtime/plot/shape.h"
#include "runtime/results.h"

namespace tco::runner {

struct RunOptions {
  uint64_t max_rows = 1000000;  // a plain sweep printing more rows than this is refused
  // A sweep or simulation of more points is refused: past 10^12 it would run for hours even
  // compiled, surely a mistake; `--max-points` lowers it (the fuzzers use a small cap).
  uint64_t max_points = 1000000000000ull;
  unsigned threads = 0;         // 0: all hardware threads
  // `--percentiles`: Auto keeps every sample for exact percentiles when they fit in memory,
  // else summarises them in a sketch (runtime/quantile_sketch.h) and says so under the table;
  // Exact refuses a study whose samples would not fit (E0304); Sketch always sketches.
  enum class Percentiles { Auto, Exact, Sketch } percentiles = Percentiles::Auto;
  bool progress = false;
  rt::CsvOut* out = nullptr;  // `--out`: plain sweeps stream their rows here
  // `--plot`: each study's shape is appended here, in run order, with the cloud of every
  // point of a Pareto sweep and the first samples of a simulation (one more pass each).
  std::vector<rt::plot::StudyShape>* shapes = nullptr;
  // `--only`: the items to run (select.h); null runs them all.
  const Selection* only = nullptr;
};

// The kernel of one item, as a chunk function. `bound`, when given, is that kernel with the
// tables it reads studies' results from filled in (ir::StudyRead); the function keeps it.
using KernelFor =
    std::function<rt::ChunkFn(ir::ItemKind kind, size_t index, std::shared_ptr<const ir::Kernel> bound)>;

KernelFor interpreter_kernels(const ir::Program& prog);

}  // namespace tco::runner

namespace tco::jit {
class Jit;
}

namespace tco::runner {

// The kernels `jit` compiled for `prog` (jit.compile(prog) must have succeeded), and the
// interpreter for those it did not compile. The returned function owns the kernels'
// argument blocks; `jit` must outlive it.
KernelFor jit_kernels(const jit::Jit& jit, const ir::Program& prog);

// Runs every item in source order. Runtime problems (E03xx) go to `diags`; false then.
bool run_program(const ir::Program& prog, const KernelFor& kernels, const RunOptions& opts, rt::RunResult& out,
                 Diagnostics& diags);

}  // namespace tco::runner
