// The text of `tcoc --help` and of each command's `--help`: what a user reads first, kept
// apart from the code that parses and dispatches.
#include "compiler/driver/help.h"

namespace tco::driver {

const char* const kMainHelp = R"(tcoc - cost per token, unit-checked

Usage:
  tcoc run [options] FILE     run a plan: reports, sweeps, simulations, asserts
  tcoc check FILE             report errors in a plan without running it
  tcoc explain FILE NAME      break down one serve() scenario of the plan:
                              cost per hour and per token part by part, the
                              decode step, what bounds it, what set the batch
  tcoc diff OLD NEW           run two versions of a plan and list every
                              reported figure that changed
  tcoc fmt [--check] FILE...  rewrite plans in the one canonical layout
  tcoc calibrate RUNS.csv --out FILE.tco
                              fit the serving model's constants to your own
                              measured runs, written as a module to import
  tcoc doc [MODULE...]        a reference of modules (default: the stdlib's)
                              in markdown: types, constants' values, functions
  tcoc emit-llvm [--opt] FILE print the plan's kernels as LLVM IR
  tcoc lsp                    a language server for editors, on stdin/stdout
  tcoc help [COMMAND]         show help for a command
  tcoc --version

A plan is a .tco file; README.md describes the language.

Exit codes:
  0  ok
  1  an assert failed (the plan ran; its tables are printed)
  2  the plan has errors (diagnostics on stderr)
  3  runtime or I/O error (unreadable file, a sweep too large to print)

Environment:
  TCO_PATH     colon-separated folders searched for `import`s after the
               stdlib and the importing file's folder
  TCOC_STDLIB  use another stdlib folder (holds prelude.tco)
  TCOC_JIT_CPU the CPU native code is generated for (`tcoc help run`)
  TCOC_JIT_MODULE
               the native compiler module (default: tcoc-jit.so beside tcoc)
  NO_COLOR     disable colored diagnostics
)";

const char* const kRunHelp = R"(Usage: tcoc run [options] FILE

Runs every report, sweep, simulation and assert of the plan in FILE and prints
the results to stdout. Diagnostics go to stderr.

Options:
  --format FMT    table (default, for people), markdown (for pull requests),
                  csv (one block per item), json (the machine contract:
                  docs/json.md)
  --emit STAGE    print a compiler stage instead of running:
                  ast    the syntax tree
                  typed  the checked tree, fully parenthesised, with types
                  ir     the scalar IR kernels (records flattened, calls
                         inlined, constants folded)
                  llvm   the LLVM module of the kernels; llvm-opt after the
                         O3 pipeline for this CPU
  --no-jit        run every kernel on the reference interpreter (same
                  results, slower; for checking)
  --jit           compile every kernel to native code, even those quicker
                  to interpret (for checking the JIT). By default only the
                  sweeps and simulations whose interpretation would cost
                  several times their compilation are compiled: a plan of
                  reports and small sweeps never loads LLVM
  --jit-cpu CPU   the CPU native code is generated for: host (default),
                  x86-64, x86-64-v2, x86-64-v3, x86-64-v4 (an error when
                  this host lacks the level's features), or an LLVM CPU
                  name such as znver4 (its tuning, with only the features
                  this host has); default: $TCOC_JIT_CPU, else host
  --max-rows N    refuse plain sweeps that would print more than N rows
                  (default 1000000)
  --max-points N  refuse sweeps and simulations of more than N points or
                  samples (default 10^12)
  --threads N     threads for sweeps and simulations (default: all cores);
                  results are identical whatever N
  --percentiles MODE  auto (default): exact percentiles when every sample fits
                  in memory, else a streaming sketch within 0.5% of them, as
                  the table notes; exact: refuse a study whose samples would
                  not fit (E0304); sketch: always the sketch
  --time          print the wall time of each phase on stderr
  --out FILE      stream every row of the sweeps without a reduction to FILE
                  (CSV, full precision); the file appears whole or not at all
  --plot DIR      also write an SVG chart of each sweep and simulation into
                  DIR (created if missing), named after its title:
                  "Cost by batch" -> DIR/cost-by-batch.svg; a study that gets
                  no chart is named on stderr with the reason
  --only TITLE    run only the report, sweep or simulation with this title
                  (exactly as written; repeat for more), and the studies it
                  reads its figures from; no assert runs
  -h, --help      show this help

Monthly figures use month = 1/12 year = 30.44 days; year = 365.25 days.

Exit codes: 0 ok, 1 an assert failed, 2 the plan has errors, 3 runtime or
I/O error.
)";

const char* const kCheckHelp = R"(Usage: tcoc check FILE

Parses and type-checks the plan in FILE (units included) and its imports, and
builds its kernels without running them, so every error `tcoc run` would find
before running (a range with a zero step, a bad sample count) is found here too.
What the plan's constants already say is reported as warnings: an assert they
fail (W0305, worded as `tcoc run` would), a report figure that is NaN or
-infinity (W0301, W0302). Sweeps, simulations and what reads their results are
not run. Prints diagnostics to stderr.

Exit codes: 0 no errors, 2 the plan has errors, 3 the file cannot be read.
)";

const char* const kExplainHelp = R"(Usage: tcoc explain [options] FILE NAME

Breaks down the serve() scenario NAME (a `let NAME = serve(...)` of the plan in
FILE): what fits and what set the batch (memory, an SLO, the engine's cap); the
decode step as weight reads, KV-cache reads, compute, TP communication and
fixed cost, and which of memory or compute bounds it; TTFT and throughput; the
cost per hour and per million output tokens as rent, capital, power, cooling
(the PUE overhead) and other opex. Each "=" row is the model's own figure and
the rows above it add up to it. The plan's own reports, sweeps and asserts are
not run. What is shown is declared in the stdlib (serving.tco: `type Breakdown`
and `fn breakdown`, each row labelled by its comment): change it there.

Options:
  --format FMT    table (default), markdown, csv or json (one report per
                  section, as `tcoc run --format json`)
  --no-jit, --jit, --jit-cpu CPU
                  the engine, as for `tcoc run`
  -h, --help      show this help

Example:
  tcoc explain examples/support-bot.tco hopper
)";

const char* const kCalibrateHelp = R"(Usage: tcoc calibrate RUNS.csv --out FILE.tco [--base ENGINE] [--name NAME]
                      [--import MODULE]...

Fits the constants of a serving engine (`Engine` in the stdlib's serving module)
to your own measured runs, and writes them as a module: `let NAME = ENGINE with
{ ... }`, each fitted constant commented with its meaning, the base's value and
how well the runs pin it, then the constants left at the base and why, and the
fit run by run. A plan beside it says `import FILE` and `serve(..., engine = NAME)`.

Each run is predicted by serve() itself, so what is fitted is what plans run.
Only the constants the runs can pin are fitted: the decode runs (TPOT and the
rates) and the first-token times each pin fewer than they have runs (at least
one), those that mainly move them; a constant that moves no prediction, or moves
them the way one already fitted does, keeps the base's value. Two runs nudge the
base, many decide: a prior holds each constant near the base (25% off costs as
much as a decode run missed by 10%, or a TTFT by 25%). Two runs of one
deployment, at a low and a high concurrency, pin a few; runs at two
tensor-parallel degrees also tell the memory bandwidth from per-step costs.

RUNS.csv has a header row, then one measured figure per row:
  gpu, model, precision   stdlib names (H100_SXM, Llama3_70B, FP8)
  gpus, input, output     GPUs, prompt and answer tokens per request
  batch                   concurrent sequences per replica, or auto for an
                          offline run (all requests queued at once: the
                          largest batch that fits memory)
  metric                  tpot, ttft, tokens_per_s, tokens_per_s_per_gpu or
                          tokens_per_s_per_user
  value, unit             the figure and its unit as a plan writes it (ms, tok/s)
  tp, ep, dp, pp, engine  optional: tp defaults to gpus, ep, dp and pp to 1
Every cell is checked; a bad one is reported at its line and column.

Options:
  --out FILE      the module to write (`-` prints it after the fit)
  --base ENGINE   the engine fitted from (default calibrated; also TensorRT_LLM,
                  vLLM, SGLang)
  --name NAME     the module's engine name (default fitted)
  --import MODULE a module whose names RUNS.csv and --base may use, found as a
                  plan beside RUNS.csv finds it: an engine fitted before
                  (--import q3 --base q3_engine), your own GPU or model

Exit codes: 0 written, 2 the runs have errors, 3 a file cannot be read or written.
)";

const char* const kFmtHelp = R"(Usage: tcoc fmt [options] FILE...

Rewrites each plan in place in tcoc's one canonical layout. Your line breaks
and comments are kept (a line break can carry meaning: a unit belongs to the
number on its line); everything else is decided: indentation (two spaces in a
block, four in a wrapped list, two more for a statement's next line), one space
around operators and none inside units (`3.35 TB/s`, `$/Mtok`), at most one
blank line in a row, `=` aligned down a run of `name = value` lines, a report's
values aligned after their labels, trailing `//` comments aligned.

A formatted plan runs to the same output, byte for byte. Before it writes,
tcoc checks that the new text parses to the same syntax tree with the same
comments and that formatting it again changes nothing. A file that does not
parse is reported and left untouched. Files are replaced whole or not at all.

Options:
  --check         change nothing; list the files that are not formatted and
                  exit 1 if there are any (for CI)
  --stdout        print the formatted text instead of rewriting the file
  -h, --help      show this help

FILE `-` formats standard input to standard output (for editors).

Exit codes: 0 ok, 1 --check found a file to reformat, 2 a file does not parse,
3 a file cannot be read or written.
)";

const char* const kDiffHelp = R"(Usage: tcoc diff [options] OLD NEW

Runs both versions of a plan and lists every reported figure that changed:
old, new, the change in the figure's unit and in percent; then the figures
only one version has. A figure is a report row, a cell of a sweep or
simulation, or an assert's verdict. A study's rows are matched by the values of
the axes its columns show (`20, H100 SXM5 80GB`), so adding, dropping or
reordering an axis's values shows only the rows added or dropped, and renaming
an axis keeps its rows; a `best ... by` row by its group; when no column shows
an axis, by the row's first cell.

Options:
  --format FMT    table (default), markdown (for a pull-request comment) or
                  json ({changed, added, removed})
  --exit-code     exit 1 when anything differs (as `git diff --exit-code`)
  --no-jit, --jit, --jit-cpu CPU
                  the engine, as for `tcoc run`
  -h, --help      show this help

In CI, on a pull request (README.md, "Reviewing a plan change"):
  git show origin/main:plan.tco > /tmp/plan-main.tco
  tcoc diff --format markdown /tmp/plan-main.tco plan.tco > comment.md
)";

const char* const kDocHelp = R"(Usage: tcoc doc [options] [MODULE...]

Prints a reference of the modules named (found as `import` finds them: the stdlib,
the current folder, TCO_PATH), or of the stdlib's when none is named, in markdown.
For each module: its opening comment; each type with its fields (type, default,
the comment beside the field); the module's constants of each type, with every
field's value as tcoc computes it; each function's signature with the comment
above it. What is shown is what the checker declares, so it cannot drift from
the code.

Options:
  --out FILE      write FILE instead of printing
  --check         with --out: change nothing; exit 1 if FILE is not what tcoc doc
                  gives now (for CI)
  -h, --help      show this help

Exit codes: 0 ok, 1 --check found FILE out of date, 2 a module has errors or
cannot be found, 3 FILE cannot be written.
)";

const char* const kLspHelp = R"(Usage: tcoc lsp

Runs a Language Server Protocol (3.17) server on stdin and stdout, for editors:
diagnostics as you type (those `tcoc run` reports before running), hover (a
name's type with its unit, a constant's value as `tcoc run` prints it),
go to definition (into the stdlib too), references and highlights, rename,
completion (names in scope, units, builtins; fields after `x.`), signature
help, quick fixes (did-you-mean names, a missing import, a unit conversion),
inlay hints (each computed constant's value, on lets and report rows),
semantic tokens, the outline, and formatting (`tcoc fmt` on the buffer).
Asserts that the constants already fail are warned about as you type (W0305).
A client that names a command in initializationOptions.runStudyCommand gets a
"Run" code lens on each report, sweep and simulation, calling that command
with the file and the title (the VS Code extension runs `tcoc run --only`).
Imports resolve as for `tcoc run`: the stdlib, then beside the file, then
TCO_PATH; open documents are read from the editor, saved or not. README.md,
"Editors", shows how to hook it to Neovim and Emacs.

Options:
  --stdio         accepted for clients that pass it; stdio is the only transport
  -h, --help      show this help

Exit codes: 0 after the client's `shutdown` then `exit`, 1 when the input ends
or `exit` comes without `shutdown`.
)";

}  // namespace tco::driver
