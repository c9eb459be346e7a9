// The golden-file runner: runs tcoc in-process on each case and compares exit code,
// stdout and stderr with the case's `.expected` file; `--update` rewrites them.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/driver/cli.h"
#include "compiler/jit/jit.h"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// `// args: run --format json FILE` on the first line; FILE stands for the case itself. A
// word in double quotes is one argument: `--only "Cost by batch"`.
std::vector<std::string> case_args(const std::string& text, const std::string& file) {
  std::vector<std::string> args;
  const std::string marker = "// args:";
  if (text.rfind(marker, 0) != 0) return {"run", file};
  std::istringstream line(text.substr(marker.size(), text.find('\n') - marker.size()));
  std::string w;
  while (line >> std::quoted(w)) args.push_back(w == "FILE" ? file : w);
  return args;
}

// `// env: NAME=VALUE` on the second line sets a variable for that case only.
std::optional<std::pair<std::string, std::string>> case_env(const std::string& text) {
  auto nl = text.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  const std::string marker = "// env:";
  std::string line = text.substr(nl + 1, text.find('\n', nl + 1) - nl - 1);
  if (line.rfind(marker, 0) != 0) return std::nullopt;
  std::string kv = line.substr(marker.size());
  kv.erase(0, kv.find_first_not_of(' '));
  auto eq = kv.find('=');
  if (eq == std::string::npos) return std::nullopt;
  return std::make_pair(kv.substr(0, eq), kv.substr(eq + 1));
}

// Every command that runs a plan runs as written (by default the interpreter for cheap
// kernels, native code for costly ones), on the interpreter alone, and with every kernel
// JIT-compiled for each CPU of jit_cpus(): all must print the same bytes.
struct Outputs {
  std::string as_written;
  std::vector<std::pair<std::string, std::string>> variants;  // (engine, output)
};

std::string run_once(const std::vector<std::string>& args) {
  std::string out, err;
  int code = tco::driver::tcoc_main(args, out, err, false);
  return fmt::format("exit: {}\n--- stdout\n{}--- stderr\n{}", code, out, err);
}

// The host and each x86-64 level it can run (a machine without AVX-512 still checks the
// levels below); TCOC_TEST_JIT_CPUS=host,x86-64-v2 narrows the list.
const std::vector<std::string>& jit_cpus() {
  static const std::vector<std::string> cpus = [] {
    std::vector<std::string> list;
    if (const char* env = std::getenv("TCOC_TEST_JIT_CPUS"); env && *env) {
      std::istringstream in(env);
      for (std::string cpu; std::getline(in, cpu, ',');)
        if (!cpu.empty()) list.push_back(cpu);
      return list;
    }
    std::string why;
    list = tco::jit::host_levels(&why);
    if (list.empty()) {
      // A broken native module would otherwise pass every case on the interpreter alone.
      std::cerr << "golden: the JIT cannot be checked: " << why << "\n";
      std::exit(1);
    }
    list.push_back(tco::jit::kHostCpu);
    return list;
  }();
  return cpus;
}

Outputs run_case(const fs::path& path) {
  fs::path dir = path.parent_path();
  auto cwd = fs::current_path();
  fs::current_path(dir.empty() ? "." : dir);
  std::string text = slurp(path.filename());
  auto env = case_env(text);
  if (env) setenv(env->first.c_str(), env->second.c_str(), 1);
  auto args = case_args(text, path.filename().string());
  Outputs o;
  o.as_written = run_once(args);
  bool runs = !args.empty() && (args[0] == "run" || args[0] == "explain" || args[0] == "diff");
  for (const auto& a : args) runs = runs && a != "--no-jit" && a != "--jit" && a.rfind("--emit", 0) != 0;
  if (runs) {
    auto with = [&](std::vector<std::string> extra) {
      std::vector<std::string> a = args;
      a.insert(a.begin() + 1, extra.begin(), extra.end());
      return run_once(a);
    };
    o.variants.emplace_back("interpreter", with({"--no-jit"}));
    for (const std::string& cpu : jit_cpus()) o.variants.emplace_back("jit " + cpu, with({"--jit", "--jit-cpu", cpu}));
  }
  if (env) unsetenv(env->first.c_str());
  fs::current_path(cwd);
  return o;
}

// Codes no plan of reasonable size can produce: a unit test tagged with the code produces it
// instead (and checks that it does). The tag is looked up in the unit tests' own list, so a
// test that is renamed, untagged or deleted fails this check, as a mention in a comment cannot.
const std::set<std::string> kCoveredByUnitTests = {
    "E0124",  // exhausting the stack takes a 10 MB plan
};

// The tags of the unit tests (`unit_tests --list-tags`), e.g. "[E0124]".
std::string unit_test_tags(const fs::path& unit_tests) {
  std::string out;
  if (FILE* p = popen((unit_tests.string() + " --list-tags").c_str(), "r")) {
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
  }
  return out;
}

int coverage(const fs::path& dir, const fs::path& unit_tests) {
  std::string all;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".expected") all += slurp(e.path());
  const std::string tags = unit_test_tags(unit_tests);
  int missing = 0;
  for (const auto& k : tco::all_diag_kinds()) {
    std::string tag = fmt::format("[{}]", k.code);
    if (kCoveredByUnitTests.count(k.code)) {
      if (tags.find(tag) == std::string::npos) {
        std::cerr << fmt::format("no unit test of {} is tagged {} for {} {}\n", unit_tests.string(), tag, k.code, k.name);
        ++missing;
      }
      continue;
    }
    if (all.find(tag) == std::string::npos) {
      std::cerr << fmt::format("no golden case produces {} {}\n", k.code, k.name);
      ++missing;
    }
  }
  std::cout << fmt::format("{} passed, {} failed\n", tco::all_diag_kinds().size() - missing, missing);
  return missing ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool update = false;
  std::vector<fs::path> cases;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--update") update = true;
    else if (a == "--coverage" && i + 2 < argc) return coverage(argv[i + 1], argv[i + 2]);
    else cases.push_back(fs::absolute(a));
  }
  int failed = 0;
  for (const auto& c : cases) {
    if (!fs::is_regular_file(c)) {
      std::cerr << fmt::format("{}: no such case file\n", c.string());
      ++failed;
      continue;
    }
    fs::path expected_path = c;
    expected_path.replace_extension(".expected");
    Outputs outputs = run_case(c);
    const std::string& actual = outputs.as_written;
    bool agree = true;
    for (const auto& [engine, output] : outputs.variants)
      if (output != actual) {
        std::cerr << fmt::format("{}: the engines disagree\n--- as written\n{}--- {}\n{}", c.string(), actual, engine,
                                 output);
        agree = false;
      }
    if (!agree) {
      ++failed;
      continue;
    }
    if (update) {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    if (!fs::exists(expected_path)) {
      std::cerr << fmt::format("{}: no .expected file; run with --update to create it\n--- actual\n{}", c.string(), actual);
      ++failed;
      continue;
    }
    std::string expected = slurp(expected_path);
    if (expected != actual) {
      std::cerr << fmt::format("{}: output differs\n--- expected\n{}--- actual\n{}", c.string(), expected, actual);
      ++failed;
    }
  }
  return failed ? 1 : 0;
}
