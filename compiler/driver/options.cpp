#include "compiler/driver/options.h"

#include <fmt/format.h>

#include <map>

#include "compiler/diagnostics/exit_codes.h"
#include "compiler/jit/jit.h"

namespace tco::driver {
namespace {

std::optional<uint64_t> whole_number(const std::optional<std::string>& v) {
  if (!v || v->empty() || v->find_first_not_of("0123456789") != std::string::npos || v->size() > 18)
    return std::nullopt;
  return std::stoull(*v);
}

}  // namespace

std::optional<int> parse_options(const std::vector<std::string>& args, Options& o, std::string& out, std::string& err) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    std::optional<std::string> value;
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
    }
    auto take = [&]() -> std::optional<std::string> {
      if (value) return value;
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "--version") {
      out += fmt::format("tcoc {}\n", TCOC_VERSION);
      return int{kOk};
    } else if (a == "--format") {
      static const std::map<std::string, rt::Format> formats = {
          {"table", rt::Format::Table}, {"csv", rt::Format::Csv}, {"json", rt::Format::Json}, {"markdown", rt::Format::Markdown}, {"md", rt::Format::Markdown}};
      auto v = take();
      if (!v || !formats.count(*v)) return usage_error<DiagKind::OptionValue>(err, o.command, "--format", "table, csv, json or markdown");
      o.format = formats.at(*v);
    } else if (a == "--emit") {
      auto v = take();
      if (!v || (*v != "ast" && *v != "typed" && *v != "ir" && *v != "llvm" && *v != "llvm-opt"))
        return usage_error<DiagKind::OptionValue>(err, o.command, "--emit", "ast, typed, ir, llvm or llvm-opt");
      o.emit = *v;
    } else if (a == "--out") {
      auto v = take();
      if (!v || v->empty()) return usage_error<DiagKind::OptionValue>(err, o.command, "--out", "a file name");
      o.out_path = *v;
    } else if (a == "--import") {
      auto v = take();
      if (!v || v->empty()) return usage_error<DiagKind::OptionValue>(err, o.command, "--import", "a module name");
      o.calibrate.imports.push_back(*v);
    } else if (a == "--base" || a == "--name") {
      auto v = take();
      if (!v || v->empty()) return usage_error<DiagKind::OptionValue>(err, o.command, a, "a name");
      (a == "--base" ? o.calibrate.base : o.calibrate.name) = *v;
    } else if (a == "--plot") {
      auto v = take();
      if (!v || v->empty()) return usage_error<DiagKind::OptionValue>(err, o.command, "--plot", "a folder name");
      o.plot_dir = *v;
    } else if (a == "--only") {
      auto v = take();
      if (!v || v->empty()) return usage_error<DiagKind::OptionValue>(err, o.command, "--only", "the title of a report, sweep or simulation");
      o.only.push_back(*v);
    } else if (a == "--time") {
      o.time = true;
    } else if (a == "--check") {
      o.fmt.check = true;
    } else if (a == "--stdout") {
      o.fmt.to_stdout = true;
    } else if (a == "--exit-code") {
      o.exit_code = true;
    } else if (a == "--stdio") {
      o.stdio = true;
    } else if (a == "--no-jit") {
      o.engine.jit = runner::JitMode::Never;
    } else if (a == "--jit") {
      o.engine.jit = runner::JitMode::Always;
    } else if (a == "--jit-cpu") {
      auto v = take();
      if (!v || v->empty())
        return usage_error<DiagKind::OptionValue>(
            err, o.command, "--jit-cpu", "a CPU: host, x86-64, x86-64-v2, x86-64-v3, x86-64-v4 or an LLVM CPU name");
      o.engine.cpu = *v;
    } else if (a == "--opt") {
      o.emit = "llvm-opt";
    } else if (a == "--percentiles") {
      auto v = take().value_or("");
      if (v == "auto") o.percentiles = runner::RunOptions::Percentiles::Auto;
      else if (v == "exact") o.percentiles = runner::RunOptions::Percentiles::Exact;
      else if (v == "sketch") o.percentiles = runner::RunOptions::Percentiles::Sketch;
      else return usage_error<DiagKind::OptionValue>(err, o.command, "--percentiles", "auto, exact or sketch");
    } else if (a == "--max-rows" || a == "--threads" || a == "--max-points") {
      auto v = take();
      auto n = whole_number(v);
      if (!n || (a == "--threads" && (*n == 0 || *n > 4096)))
        return usage_error<DiagKind::OptionValue>(err, o.command, a,
                                                  a == "--threads" ? "a whole number from 1 to 4096" : "a whole number");
      if (a == "--threads")
        o.threads = static_cast<unsigned>(*n);
      else if (a == "--max-points")
        o.max_points = *n;
      else
        o.max_rows = *n;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error<DiagKind::UnknownOption>(err, o.command, args[i]);
    } else if (o.command.empty()) {
      o.command = a;
    } else {
      o.positional.push_back(args[i]);
    }
  }
  // An explicit CPU is checked at once, even when no kernel will be compiled: a typo should
  // not wait for the day a plan grows a large sweep.
  if (!o.engine.cpu.empty()) {
    if (std::string why = jit::cpu_problem(o.engine.cpu); !why.empty())
      return usage_error<DiagKind::BadJitCpu>(err, o.command, o.engine.cpu, why);
  }
  return std::nullopt;
}

}  // namespace tco::driver
