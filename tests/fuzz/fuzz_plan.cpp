// A libFuzzer target over the whole front end and the reference interpreter: the input is a
// plan. tcoc's lexer and ANTLR's generated one must make the same tokens of it, and parsing
// it in parts must give what parsing it whole gives. It is formatted (tcoc fmt must pass
// its own self-check on anything that parses), then checked, lowered and run on the
// interpreter; built with TCOC_FUZZ_JIT it is also JIT-compiled
// (every kernel) and run natively, and the two runs must print the same bytes. A crash, a
// sanitizer report, an internal error, an exit code outside 0-3 or a disagreement is a
// finding. Sweeps are capped (--max-points) so that no input can make a run take long.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "compiler/runner/run_command.h"
#include "compiler/syntax/format.h"
#include "compiler/syntax/parse.h"

namespace {

[[noreturn]] void finding(const std::string& what, const std::string& detail) {
  std::fprintf(stderr, "FINDING: %s\n%s\n", what.c_str(), detail.c_str());
  std::abort();
}

// What `tcoc run --threads 1 --max-points 20000 --max-rows 2000 [--jit | --no-jit] PATH`
// does, without the command line (so that this build need not compile the LSP).
int run(const std::string& path, bool jit, std::string& out, std::string& err) {
  tco::runner::RunRequest r;
  r.file = path;
  r.threads = 1;
  r.max_points = 20000;
  r.max_rows = 2000;
  r.engine.jit = jit ? tco::runner::JitMode::Always : tco::runner::JitMode::Never;  // every kernel, however cheap
  return tco::runner::guarded(err, [&] { return tco::runner::run_command(r, out, err, false); });
}

// tcoc's own failures, as it prints them: at the start of a line (a quoted source line
// starts with its number and `|`, so a plan that contains these words cannot fake one).
bool internal_error(const std::string& err) {
  for (const char* mark : {"internal error", "error[E0004]: internal parser error"}) {
    if (err.rfind(mark, 0) == 0) return true;
    if (err.find(std::string("\n") + mark) != std::string::npos) return true;
  }
  return false;
}

void check_run(int code, const std::string& err, const char* engine) {
  if (code < 0 || code > 3) finding(std::string(engine) + ": exit code " + std::to_string(code), err);
  if (internal_error(err)) finding(std::string(engine) + ": internal error", err);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // tcoc's lexer must make the tokens ANTLR's generated lexer (its reference) makes.
  if (std::string diff = tco::syntax::compare_lexers(text); !diff.empty()) finding("the lexers disagree: " + diff, text);
  // Parsed in parts (cut at every item) and whole, it must give the same AST, layout and
  // diagnostics.
  if (std::string diff = tco::syntax::compare_parse_paths(text, 1); !diff.empty())
    finding("parsing in parts differs from parsing whole: " + diff, text);
  {
    tco::SourceManager sm;
    tco::Diagnostics diags(sm);
    auto result = tco::syntax::format_file(sm.add("fuzz.tco", text), sm, diags);
    if (!result.internal_error.empty()) finding("tcoc fmt: " + result.internal_error, text);
  }
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir ? dir : "/tmp") + "/tcoc-fuzz-" + std::to_string(::getpid()) + ".tco";
  }();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  std::string out, err;
  int code = run(path, false, out, err);
  check_run(code, err, "interpreter");
#ifdef TCOC_FUZZ_JIT
  std::string jit_out, jit_err;
  int jit_code = run(path, true, jit_out, jit_err);
  check_run(jit_code, jit_err, "jit");
  if (jit_code != code || jit_out != out)
    finding("the JIT and the interpreter disagree",
            "--- interpreter (exit " + std::to_string(code) + ")\n" + out + "--- jit (exit " + std::to_string(jit_code) +
                ")\n" + jit_out + "--- plan\n" + text);
#endif
  return 0;
}
