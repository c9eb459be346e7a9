// Choosing the engine: which kernels tiering compiles (compiler/runner/tiering.h), the CPU the
// JIT generates code for (--jit-cpu, TCOC_JIT_CPU), and loading the native module on demand.
#include <catch2/catch.hpp>

#include <algorithm>

#include "compiler/jit/jit.h"
#include "compiler/runner/execute.h"
#include "compiler/runner/tiering.h"
#include "runtime/format.h"
#include "support.h"

namespace {

using tco::runner::JitMode;

std::unique_ptr<tco::pipeline::Compilation> lowered(const tco::test::TempPlan& p) {
  auto c = tco::pipeline::compile(p.path(), tco::sema::SearchPaths::from_environment());
  REQUIRE(c->lowered);
  return c;
}

const char* kMixedPlan = R"(
report "cheap" {
  x: 2 * 3
}
sweep "costly" {
  over a in 1 .. 2000, b in 1 .. 2000
  best min abs(a * b - 77777) + sqrt(a) / b
  show a, b
}
sweep "small" {
  over a in 1 .. 10
  show a * 2
}
assert 1 < 2
)";

}  // namespace

TEST_CASE("tiering: a four-million-point sweep is compiled, reports, asserts and small sweeps are not", "[engine]") {
  tco::test::TempPlan p(kMixedPlan);
  auto c = lowered(p);
  auto auto_choice = tco::runner::choose_native(c->ir, JitMode::Auto);
  CHECK_FALSE(auto_choice.wants(tco::ir::ItemKind::Report, 0));
  CHECK(auto_choice.wants(tco::ir::ItemKind::Study, 0));
  CHECK_FALSE(auto_choice.wants(tco::ir::ItemKind::Study, 1));
  CHECK_FALSE(auto_choice.wants(tco::ir::ItemKind::Assert, 0));
  CHECK(auto_choice.count == 1);
  auto always = tco::runner::choose_native(c->ir, JitMode::Always);
  CHECK(always.count == 4);
  auto never = tco::runner::choose_native(c->ir, JitMode::Never);
  CHECK(never.count == 0);

  // `--only`: what does not run is never compiled; what does is judged on its own.
  std::vector<std::string> unknown;
  auto small = tco::runner::select_titles(c->ir, {"small"}, &unknown);
  CHECK(unknown.empty());
  CHECK(tco::runner::choose_native(c->ir, JitMode::Auto, &small).count == 0);
  auto small_always = tco::runner::choose_native(c->ir, JitMode::Always, &small);
  CHECK(small_always.count == 1);
  CHECK(small_always.wants(tco::ir::ItemKind::Study, 1));
  auto costly = tco::runner::select_titles(c->ir, {"costly"}, &unknown);
  auto costly_auto = tco::runner::choose_native(c->ir, JitMode::Auto, &costly);
  CHECK(costly_auto.count == 1);
  CHECK(costly_auto.wants(tco::ir::ItemKind::Study, 0));
}

TEST_CASE("tiering: a plan of cheap kernels never loads LLVM by default; its results do not depend on it", "[engine]") {
  tco::test::TempPlan p("report \"r\" {\n  x: 2 * 3\n}\nsweep \"s\" {\n  over a in 1 .. 100\n  show a\n}\n");
  auto c = lowered(p);
  std::string out[3];
  size_t native[3];
  JitMode modes[3] = {JitMode::Auto, JitMode::Always, JitMode::Never};
  for (int m = 0; m < 3; ++m) {
    tco::rt::RunResult r;
    tco::runner::EngineOptions engine;
    engine.jit = modes[m];
    tco::runner::EngineTimes t;
    REQUIRE(tco::runner::run_lowered(*c, engine, tco::runner::RunOptions{}, r, c->diags, &t));
    CHECK(c->diags.list().empty());  // no W0304: native code was built
    out[m] = tco::rt::write(r, tco::rt::Format::Json);
    native[m] = t.native;
  }
  CHECK(native[0] == 0);
  CHECK(native[1] == 2);
  CHECK(native[2] == 0);
  CHECK(out[0] == out[1]);
  CHECK(out[0] == out[2]);
}

TEST_CASE("tiering: the estimates grow with points and with the instructions that vary", "[engine]") {
  tco::test::TempPlan p(
      "sweep \"a\" {\n  over x in 1 .. 1000\n  show x * 2\n}\n"
      "sweep \"b\" {\n  over x in 1 .. 100000\n  show x * 2\n}\n"
      "sweep \"c\" {\n  over x in 1 .. 100000\n  show sqrt(x) * 2 + ln(x) / 3 - x ^ 2\n}\n");
  auto c = lowered(p);
  auto a = tco::runner::estimate(c->ir.studies[0].kernel), b = tco::runner::estimate(c->ir.studies[1].kernel),
       cc = tco::runner::estimate(c->ir.studies[2].kernel);
  CHECK(b.interpret > 50 * a.interpret);
  CHECK(cc.interpret > b.interpret);
  CHECK(cc.compile > b.compile);
}

TEST_CASE("jit cpu: each x86-64 level compiles exactly when this host can run it", "[engine][jit]") {
  std::string why;
  std::vector<std::string> runnable = tco::jit::host_levels(&why);
  INFO(why);
  REQUIRE(!runnable.empty());
  const auto& levels = tco::jit::x86_levels();
  // The runnable levels are the lowest ones: a host that runs v3 runs v2.
  REQUIRE(runnable.size() <= levels.size());
  CHECK(std::equal(runnable.begin(), runnable.end(), levels.begin()));
  for (const auto& level : levels) {
    INFO(level);
    std::string error;
    auto jit = tco::jit::Jit::create(level, &error);
    bool runs = std::find(runnable.begin(), runnable.end(), level) != runnable.end();
    CHECK((jit != nullptr) == runs);
    if (runs) {
      CHECK(jit->cpu_name() == level);
      CHECK(tco::jit::cpu_problem(level).empty());
    } else {
      CHECK(error.find("this host cannot run " + level + " code: it lacks") != std::string::npos);
      CHECK(tco::jit::cpu_problem(level) == error);
    }
  }
}

TEST_CASE("jit cpu: host, a named CPU, an unknown name", "[engine][jit]") {
  std::string error;
  auto host = tco::jit::Jit::create("host", &error);
  REQUIRE(host);
  CHECK_FALSE(host->cpu_name().empty());
  CHECK(host->cpu_features().find("+sse2") != std::string::npos);
  // A named CPU keeps its name; the features this host lacks are switched off, so its code
  // runs here whatever the name promises.
  auto named = tco::jit::Jit::create("skylake-avx512", &error);
  REQUIRE(named);
  CHECK(named->cpu_name() == "skylake-avx512");
  for (const char* bad : {"pentium-9", "", "aarch64", "x86-64-v5"}) {
    INFO(bad);
    error.clear();
    CHECK(tco::jit::Jit::create(bad, &error) == nullptr);
    CHECK(error.find("unknown CPU") != std::string::npos);
  }
}

TEST_CASE("jit cpu: the same kernels give the same bits at every level", "[engine][jit]") {
  tco::test::TempPlan p(
      "sweep \"s\" {\n  over a in 1 .. 3000 step 0.7, b in [0.1, 2.5, -3, 1e300]\n"
      "  let v = floor(a * b) + round(a / 3) - ceil(sqrt(a)) + a ^ b\n"
      "  show a, b, v, min(v, a), max(v, b)\n}\n");
  auto c = lowered(p);
  std::string why;
  std::vector<std::string> cpus = tco::jit::host_levels(&why);
  cpus.push_back("host");
  std::string reference;
  {
    tco::rt::RunResult r;
    tco::runner::EngineOptions engine;
    engine.jit = JitMode::Never;
    REQUIRE(tco::runner::run_lowered(*c, engine, tco::runner::RunOptions{}, r, c->diags));
    reference = tco::rt::write(r, tco::rt::Format::Json);
  }
  for (const auto& cpu : cpus) {
    INFO(cpu);
    tco::rt::RunResult r;
    tco::runner::EngineOptions engine;
    engine.jit = JitMode::Always;
    engine.cpu = cpu;
    tco::runner::EngineTimes t;
    REQUIRE(tco::runner::run_lowered(*c, engine, tco::runner::RunOptions{}, r, c->diags, &t));
    CHECK(c->diags.list().empty());  // no W0304: native code was built
    CHECK(t.native == 1);
    CHECK(tco::rt::write(r, tco::rt::Format::Json) == reference);
  }
}
