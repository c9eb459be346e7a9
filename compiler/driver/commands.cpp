#include "compiler/driver/commands.h"

#include <unistd.h>

#include "compiler/diagnostics/exit_codes.h"
#include "compiler/driver/calibrate.h"
#include "compiler/driver/diff.h"
#include "compiler/driver/doc.h"
#include "compiler/driver/explain.h"
#include "compiler/driver/fmt.h"
#include "compiler/driver/help.h"
#include "compiler/lsp/server.h"
#include "compiler/runner/run_command.h"

namespace tco::driver {
namespace {

int run_or_check(Options& o, std::string& out, std::string& err, bool color) {
  if (o.positional.size() != 1)
    return o.positional.empty() ? usage_error<DiagKind::NoPlanFile>(err, o.command)
                                : usage_error<DiagKind::OnePlanFile>(err, o.command);
  runner::RunRequest r;
  r.file = o.positional[0];
  r.check_only = o.command == "check";
  r.format = o.format;
  r.emit = o.emit;
  r.engine = o.engine;
  r.max_rows = o.max_rows;
  r.max_points = o.max_points;
  r.threads = o.threads;
  r.percentiles = o.percentiles;
  r.time = o.time;
  r.out_path = o.out_path;
  r.plot_dir = o.plot_dir;
  r.only = o.only;
  return runner::run_command(r, out, err, color);
}

// `tcoc emit-llvm [--opt] FILE` is `tcoc run --emit llvm FILE`.
int emit_llvm(Options& o, std::string& out, std::string& err, bool color) {
  o.command = "run";
  if (o.emit.empty()) o.emit = "llvm";
  return run_or_check(o, out, err, color);
}

int explain_command(Options& o, std::string& out, std::string& err, bool color) {
  if (o.positional.size() != 2)
    return usage_error<DiagKind::CommandArguments>(err, o.command, "explain",
                                                     "a plan file and the name of a serve() scenario in it");
  return explain(o.positional[0], o.positional[1], o.format, o.engine, out, err, color);
}

int diff_command(Options& o, std::string& out, std::string& err, bool color) {
  if (o.positional.size() != 2) return usage_error<DiagKind::CommandArguments>(err, o.command, "diff", "two plan files: OLD NEW");
  return diff(o.positional[0], o.positional[1], o.format, o.engine, o.exit_code, out, err, color);
}

int fmt_command(Options& o, std::string& out, std::string& err, bool color) {
  if (o.positional.empty()) return usage_error<DiagKind::CommandArguments>(err, o.command, "fmt", "one or more plan files (or `-` for stdin)");
  return fmt_files(o.positional, o.fmt, out, err, color);
}

int calibrate_command(Options& o, std::string& out, std::string& err, bool color) {
  if (o.positional.size() != 1) return usage_error<DiagKind::CommandArguments>(err, o.command, "calibrate", "one CSV file of measured runs");
  if (o.out_path.empty()) return usage_error<DiagKind::NeedsOut>(err, o.command, "calibrate", "FILE.tco (or --out - to print it)");
  o.calibrate.out_path = o.out_path;
  return calibrate(o.positional[0], o.calibrate, out, err, color);
}

int doc_command(Options& o, std::string& out, std::string& err, bool color) {
  if (o.fmt.check && o.out_path.empty()) return usage_error<DiagKind::NeedsOut>(err, o.command, "doc --check", "FILE (the file it compares with)");
  return doc(o.positional, DocOptions{o.out_path, o.fmt.check}, out, err, color);
}

int lsp_command(Options& o, std::string&, std::string& err, bool) {
  if (!o.positional.empty()) return usage_error<DiagKind::CommandArguments>(err, o.command, "lsp", "no files: the editor sends them");
  // The protocol owns stdout from here: nothing else may be written to it.
  return lsp::serve(STDIN_FILENO, STDOUT_FILENO, sema::SearchPaths::from_environment());
}

const Command kCommands[] = {
    {"run", kRunHelp, run_or_check},
    {"check", kCheckHelp, run_or_check},
    {"explain", kExplainHelp, explain_command},
    {"diff", kDiffHelp, diff_command},
    {"fmt", kFmtHelp, fmt_command},
    {"calibrate", kCalibrateHelp, calibrate_command},
    {"doc", kDocHelp, doc_command},
    {"emit-llvm", kRunHelp, emit_llvm},
    {"lsp", kLspHelp, lsp_command},
};

}  // namespace

std::span<const Command> commands() { return kCommands; }

const Command* find_command(std::string_view name) {
  for (const auto& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace tco::driver
