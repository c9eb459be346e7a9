// The sweep executor: the same rows whatever the thread count, for every reduction.
#include <catch2/catch.hpp>

#include "compiler/jit/jit.h"
#include "compiler/runner/run.h"
#include "runtime/format.h"
#include "support.h"

namespace {

// Runs a plan's sweeps and simulations with `threads` threads, on native code or the interpreter.
std::string run_with_threads(const std::string& plan, unsigned threads, bool native) {
  tco::test::TempPlan p(plan);
  auto c = tco::pipeline::compile(p.path(), tco::sema::SearchPaths::from_environment());
  REQUIRE(c->lowered);
  tco::rt::RunResult r;
  tco::runner::RunOptions o;
  o.threads = threads;
  std::unique_ptr<tco::jit::Jit> jit;
  if (native) {
    std::string why;
    jit = tco::jit::Jit::create(&why);
    REQUIRE(jit);
    REQUIRE(jit->compile(c->ir, &why));
  }
  auto kernels = native ? tco::runner::jit_kernels(*jit, c->ir) : tco::runner::interpreter_kernels(c->ir);
  REQUIRE(tco::runner::run_program(c->ir, kernels, o, r, c->diags));
  return tco::rt::write(r, tco::rt::Format::Json);
}

}  // namespace

TEST_CASE("results do not depend on the thread count") {
  // Big enough to be split: the executor gives each thread at least 16k points.
  const std::string plan = R"(
sweep "all" {
  over x in 1 .. 300, y in 1 .. 300
  where x * y > 89000
  show x, y
}
sweep "best by" {
  over x in 1 .. 300, y in 1 .. 300
  best min abs(x * y - 4500) by y
  show x, y
}
sweep "best" {
  over x in 1 .. 300, y in 1 .. 300
  best max sqrt(x) * ln(y + 1) - x / 17
  show x, y
}
sweep "top" {
  over x in 1 .. 300, y in 1 .. 300
  top 5 by min abs(x * y - 4500)
  show x, y
}
sweep "pareto" {
  over x in 1 .. 300, y in 1 .. 300
  pareto max x / (y + 1), max y - x / 50
  show x, y
}
sweep "summary" {
  over x in 1 .. 300, y in 1 .. 300
  show count(), mean(x * y), p90(x / y), stddev(y)
}
simulate "mc" {
  samples 70000 seed 9
  let u = normal(5, 1)
  show mean(u), p10(u), p99(u)
}
)";
  std::string one = run_with_threads(plan, 1, false);
  for (bool native : {false, true})
    for (unsigned t : {1u, 2u, 3u, 7u}) {
      INFO("threads = " << t << (native ? ", native" : ", interpreter"));
      CHECK(run_with_threads(plan, t, native) == one);
    }
}
