// Differential test of the two engines: every random plan of generator.h runs on the
// reference interpreter (`tcoc run --no-jit`) and JIT-compiled whole (`--jit`), and both
// must give the same exit code, the same stderr and the same JSON, numbers within 1e-12
// relative (bit-identical is expected: no fast-math anywhere). See README.md here. The
// JIT's CPU takes turns by seed over the host and every x86-64 level the host can run, so
// each level's vector code meets a share of the plans.
//
// Environment:
//   TCOC_DIFF_PROGRAMS  how many seeds to run (default kDefaultPrograms, within a time budget)
//   TCOC_DIFF_FIRST     the first seed (default 1)
//   TCOC_DIFF_SEED      run this one seed only, and print its plan and both results
//   TCOC_TEST_JIT_CPUS  the CPUs to take turns over (comma-separated; default: the host's
//                       x86-64 levels, then host)
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/cli.h"
#include "compiler/jit/jit.h"
#include "tests/differential/generator.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A bare run, by hand: about 15 s on a 2-core machine (LLVM's ~30 ms a plan dominates);
// the time budget keeps it under 20 s on a slower or busier machine. ctest runs fixed seed
// ranges instead (CMakeLists.txt here).
constexpr uint64_t kDefaultPrograms = 400;
constexpr double kDefaultBudgetSeconds = 17;
constexpr size_t kMaxReportedFailures = 10;

std::optional<uint64_t> env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  unsigned long long n = std::strtoull(v, &end, 10);
  if (*end) FAIL(name << " must be a whole number, not `" << v << "`");
  return n;
}

std::vector<std::string> jit_cpus() {
  std::vector<std::string> list;
  if (const char* env = std::getenv("TCOC_TEST_JIT_CPUS"); env && *env) {
    std::string s = env;
    for (size_t at = 0; at <= s.size();) {
      size_t comma = std::min(s.find(',', at), s.size());
      if (comma > at) list.push_back(s.substr(at, comma - at));
      at = comma + 1;
    }
    return list;
  }
  std::string why;
  list = tco::jit::host_levels(&why);
  if (list.empty()) FAIL("no native code to compare with: " << why);
  list.push_back(tco::jit::kHostCpu);
  return list;
}

struct Outcome {
  int code = 0;
  std::string out, err;
};

Outcome tcoc(std::vector<std::string> args) {
  Outcome o;
  o.code = tco::driver::tcoc_main(args, o.out, o.err, false);
  return o;
}

bool numbers_agree(double a, double b) {
  if (a == b) return a != 0 || std::signbit(a) == std::signbit(b);  // a zero's sign shows: `-0`
  if (std::isnan(a) && std::isnan(b)) return true;
  if (!std::isfinite(a) || !std::isfinite(b)) return false;
  return std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

std::string show(const json& j) {
  std::string s = j.dump();
  return s.size() > 200 ? s.substr(0, 200) + "..." : s;
}

// Where two JSON documents differ (a path such as `/sweeps/0/rows/3/1` and both values), or
// "" when they agree.
std::string json_diff(const json& a, const json& b, const std::string& path) {
  auto differ = [&](const std::string& what) {
    return (path.empty() ? "/" : path) + ": " + what + ": interpreter " + show(a) + ", JIT " + show(b);
  };
  if (a.is_number() && b.is_number())
    return numbers_agree(a.get<double>(), b.get<double>()) ? "" : differ("numbers differ");
  if (a.type() != b.type()) return differ("kinds differ");
  if (a.is_array()) {
    if (a.size() != b.size()) return differ("lengths differ (" + std::to_string(a.size()) + " and " + std::to_string(b.size()) + ")");
    for (size_t i = 0; i < a.size(); ++i)
      if (auto d = json_diff(a[i], b[i], path + "/" + std::to_string(i)); !d.empty()) return d;
    return "";
  }
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key())) return differ("key `" + it.key() + "` missing from the JIT's");
      if (auto d = json_diff(it.value(), b[it.key()], path + "/" + it.key()); !d.empty()) return d;
    }
    for (auto it = b.begin(); it != b.end(); ++it)
      if (!a.contains(it.key())) return differ("key `" + it.key() + "` missing from the interpreter's");
    return "";
  }
  return a == b ? "" : differ("values differ");
}

// How the two runs of one plan differ, or "" when they agree.
std::string compare(const Outcome& interp, const Outcome& jit) {
  if (interp.code != jit.code)
    return "exit codes differ: interpreter " + std::to_string(interp.code) + ", JIT " + std::to_string(jit.code);
  if (interp.err != jit.err) return "stderr differs:\n--- interpreter\n" + interp.err + "--- JIT\n" + jit.err;
  json a = json::parse(interp.out, nullptr, false), b = json::parse(jit.out, nullptr, false);
  if (a.is_discarded() || b.is_discarded())
    return interp.out == jit.out ? "" : "stdout differs:\n--- interpreter\n" + interp.out + "--- JIT\n" + jit.out;
  return json_diff(a, b, "");
}

struct Failure {
  uint64_t seed;
  std::string what;
};

// Keeps a failing plan for reproduction; returns its path.
std::string keep(uint64_t seed, const std::string& plan) {
  fs::path p = fs::temp_directory_path() / ("tcoc-diff-seed-" + std::to_string(seed) + ".tco");
  std::ofstream(p, std::ios::binary) << plan;
  return p.string();
}

}  // namespace

TEST_CASE("the interpreter and the JIT agree on random plans", "[differential]") {
  const auto one_seed = env_number("TCOC_DIFF_SEED");
  const auto programs_env = env_number("TCOC_DIFF_PROGRAMS");
  const uint64_t first = one_seed ? *one_seed : env_number("TCOC_DIFF_FIRST").value_or(1);
  const uint64_t programs = one_seed ? 1 : programs_env.value_or(kDefaultPrograms);
  // An explicit count runs to the end; the default stops at the time budget.
  const bool budgeted = !one_seed && !programs_env;

  const fs::path dir = fs::temp_directory_path() / ("tcoc-diff-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "plan.tco").string();

  const std::vector<std::string> cpus = jit_cpus();
  const auto start = std::chrono::steady_clock::now();
  std::map<int, uint64_t> exit_codes;
  std::vector<Failure> failures;
  uint64_t ran = 0;
  for (uint64_t seed = first; seed < first + programs; ++seed) {
    if (budgeted && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > kDefaultBudgetSeconds) {
      std::printf("differential: time budget of %.0f s reached after %llu programs\n", kDefaultBudgetSeconds,
                  static_cast<unsigned long long>(ran));
      break;
    }
    const std::string plan = tco::difftest::generate_plan(seed);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << plan;
    ++ran;

    // `tcoc run` checks the plan first (exit 2 on an error), so no separate `tcoc check`:
    // it would parse every plan a third time.
    Outcome interp = tcoc({"run", "--format", "json", "--no-jit", path});
    const std::string& cpu = cpus[seed % cpus.size()];
    Outcome jit = tcoc({"run", "--format", "json", "--jit", "--jit-cpu", cpu, path});
    ++exit_codes[interp.code];
    std::string what = compare(interp, jit);
    // Both engines agreeing is not enough: a generated plan must be valid, and run.
    if (what.empty() && interp.code == 2) what = "the generator wrote a plan that tcoc rejects:\n" + interp.err;
    if (what.empty() && interp.code == 3) what = "runtime error on both engines:\n" + interp.err;
    if (one_seed) {
      std::printf("---- plan %llu\n%s---- interpreter: exit %d\n%s%s---- JIT for %s: exit %d\n%s%s", static_cast<unsigned long long>(seed),
                  plan.c_str(), interp.code, interp.out.c_str(), interp.err.c_str(), cpu.c_str(), jit.code, jit.out.c_str(),
                  jit.err.c_str());
    }
    if (!what.empty()) {
      failures.push_back({seed, what});
      if (failures.size() <= kMaxReportedFailures) {
        std::string kept = keep(seed, plan);
        FAIL_CHECK("seed " << seed << " (JIT for " << cpu << "): " << what << "\nplan kept at " << kept
                           << "; reproduce with TCOC_DIFF_SEED=" << seed << " build/tests/differential/differential\n"
                           << "---- plan " << seed << "\n" << plan << "----");
      }
    }
  }
  fs::remove_all(dir);

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string codes;
  for (const auto& [code, n] : exit_codes) codes += " " + std::to_string(n) + " x exit " + std::to_string(code) + ",";
  if (!codes.empty()) codes.pop_back();
  std::string cpu_list;
  for (const auto& cpu : cpus) cpu_list += (cpu_list.empty() ? "" : ", ") + cpu;
  std::printf("differential: JIT for %s in turn\n", cpu_list.c_str());
  std::printf("differential: %llu programs (seeds %llu..%llu) in %.1f s;%s; %zu disagreements\n",
              static_cast<unsigned long long>(ran), static_cast<unsigned long long>(first),
              static_cast<unsigned long long>(first + ran - (ran ? 1 : 0)), seconds, codes.c_str(), failures.size());
  if (failures.size() > kMaxReportedFailures) {
    std::string seeds;
    for (const auto& f : failures) seeds += " " + std::to_string(f.seed);
    FAIL_CHECK(failures.size() << " failing seeds in all:" << seeds);
  }
  CHECK(failures.empty());
}

TEST_CASE("the differential comparison tells results apart", "[differential]") {
  CHECK(numbers_agree(1.0, 1.0 + 1e-13));
  CHECK_FALSE(numbers_agree(1.0, 1.0 + 1e-11));
  CHECK_FALSE(numbers_agree(0.0, -0.0));
  CHECK(numbers_agree(NAN, NAN));
  CHECK_FALSE(numbers_agree(INFINITY, 1e308));
  auto j = [](const char* s) { return json::parse(s); };
  CHECK(json_diff(j(R"({"a": [1, 2.0, null, "x", true]})"), j(R"({"a": [1.0, 2, null, "x", true]})"), "").empty());
  CHECK_FALSE(json_diff(j("[null]"), j("[0.0]"), "").empty());
  CHECK_FALSE(json_diff(j("[[1], [2]]"), j("[[1]]"), "").empty());
  CHECK_FALSE(json_diff(j(R"(["a"])"), j(R"(["b"])"), "").empty());
  CHECK_FALSE(json_diff(j("[true]"), j("[false]"), "").empty());
  CHECK_FALSE(json_diff(j(R"({"a": 1})"), j(R"({"b": 1})"), "").empty());
  CHECK_FALSE(compare({1, "", "x"}, {0, "", "x"}).empty());
  CHECK_FALSE(compare({0, "", "a"}, {0, "", "b"}).empty());
  CHECK_FALSE(compare({0, "[1]", ""}, {0, "[2]", ""}).empty());
  // A seed names one plan.
  CHECK(tco::difftest::generate_plan(7) == tco::difftest::generate_plan(7));
  CHECK(tco::difftest::generate_plan(7) != tco::difftest::generate_plan(8));
}
