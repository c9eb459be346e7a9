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

int usage_error(std::string& err, const std::string& msg, const std::string& command) {
  err += fmt::format("error: {}\n", msg);
  err += fmt::format("run `tcoc {}--help` for usage\n", command.empty() ? "" : command + " ");
  return kCompileError;
}

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
      if (!v || !formats.count(*v)) return usage_error(err, "--format takes table, csv, json or markdown", o.command);
      o.format = formats.at(*v);
    } else if (a == "--emit") {
      auto v = take();
      if (!v || (*v != "ast" && *v != "typed" && *v != "ir" && *v != "llvm" && *v != "llvm-opt"))
        return usage_error(err, "--emit takes ast, typed, ir, llvm or llvm-opt", o.command);
      o.emit = *v;
    } else if (a == "--out") {
      auto v = take();
      if (!v || v->empty()) return usage_error(err, "--out takes a file name", o.command);
      o.out_path = *v;
    } else if (a == "--import") {
      auto v = take();
      if (!v || v->empty()) return usage_error(err, "--import takes a module name", o.command);
      o.calibrate.imports.push_back(*v);
    } else if (a == "--base" || a == "--name") {
      auto v = take();
      if (!v || v->empty()) return usage_error(err, fmt::format("{} takes a name", a), o.command);
      (a == "--base" ? o.calibrate.base : o.calibrate.name) = *v;
    } else if (a == "--plot") {
      auto v = take();
      if (!v || v->empty()) return usage_error(err, "--plot takes a folder name", o.command);
      o.plot_dir = *v;
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
        return usage_error(err, "--jit-cpu takes a CPU: host, x86-64, x86-64-v2, x86-64-v3, x86-64-v4 or an LLVM CPU name",
                           o.command);
      o.engine.cpu = *v;
    } else if (a == "--opt") {
      o.emit = "llvm-opt";
    } else if (a == "--percentiles") {
      auto v = take().value_or("");
      if (v == "auto") o.percentiles = runner::RunOptions::Percentiles::Auto;
      else if (v == "exact") o.percentiles = runner::RunOptions::Percentiles::Exact;
      else if (v == "sketch") o.percentiles = runner::RunOptions::Percentiles::Sketch;
      else return usage_error(err, "--percentiles takes auto, exact or sketch", o.command);
    } else if (a == "--max-rows" || a == "--threads" || a == "--max-points") {
      auto v = take();
      auto n = whole_number(v);
      if (!n || (a == "--threads" && (*n == 0 || *n > 4096)))
        return usage_error(err, fmt::format("{} takes a whole number{}", a, a == "--threads" ? " from 1 to 4096" : ""),
                           o.command);
      if (a == "--threads")
        o.threads = static_cast<unsigned>(*n);
      else if (a == "--max-points")
        o.max_points = *n;
      else
        o.max_rows = *n;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error(err, fmt::format("unknown option `{}`", args[i]), o.command);
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
      return usage_error(err, fmt::format("--jit-cpu {}: {}", o.engine.cpu, why), o.command);
  }
  return std::nullopt;
}

}  // namespace tco::driver
