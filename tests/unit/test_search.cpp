// Bounded searches (`largest x in a .. b where cond`): the bisection against a brute-force
// scan, the IR's well-formedness check, folding of known searches, and compiled search kernels
// against the interpreter's semantics bit for bit, on odd counts and conditions.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "compiler/ir/search.h"
#include "jit_support.h"
#include "support.h"

using namespace tco;
using namespace tco::test;

namespace {

// The answer by trying every index: the last (first) index where `holds` is true.
double brute(uint64_t n, bool largest, const std::vector<bool>& holds) {
  double found = -1;
  for (uint64_t i = 0; i < n; ++i)
    if (holds[i] && (largest || found < 0)) found = static_cast<double>(i);
  return found;
}

ValueId search_begin(KB& b, ValueId count, bool largest) {
  b.k.insts.push_back({Op::SearchBegin, count, 0, 0, largest ? 1.0 : 0.0});
  return ValueId(b.k.insts.size() - 1);
}

ValueId search_end(KB& b, ValueId begin, ValueId cond) { return b.op(Op::SearchEnd, begin, cond); }

}  // namespace

TEST_CASE("search: bisection equals a scan whenever the condition holds on a prefix (suffix)") {
  for (uint64_t n = 0; n <= 40; ++n)
    for (uint64_t cut = 0; cut <= n; ++cut)
      for (bool largest : {true, false}) {
        // largest: holds on [0, cut); smallest: holds on [cut, n).
        std::vector<bool> holds(n);
        for (uint64_t i = 0; i < n; ++i) holds[i] = largest ? i < cut : i >= cut;
        CAPTURE(n, cut, largest);
        size_t calls = 0;
        double got = ir::bisect(static_cast<double>(n), largest, [&](double i) {
          ++calls;
          return static_cast<bool>(holds[static_cast<size_t>(i)]);
        });
        CHECK(got == brute(n, largest, holds));
        CHECK(calls <= static_cast<size_t>(std::ceil(std::log2(static_cast<double>(n) + 1))));
      }
}

TEST_CASE("search: on any condition, the index found qualifies and its neighbour beyond does not") {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 2000; ++trial) {
    const uint64_t n = rng() % 50;
    std::vector<bool> holds(n);
    for (uint64_t i = 0; i < n; ++i) holds[i] = rng() % 3 != 0;
    for (bool largest : {true, false}) {
      const double got = ir::bisect(static_cast<double>(n), largest, [&](double i) { return static_cast<bool>(holds[static_cast<size_t>(i)]); });
      CAPTURE(n, largest, got);
      if (got < 0) {
        // None found: then the end bisection moved towards holds nowhere it looked; for
        // largest that means index 0 fails, for smallest the last index fails.
        if (n > 0) CHECK_FALSE(holds[largest ? 0 : n - 1]);
        continue;
      }
      const auto i = static_cast<uint64_t>(got);
      REQUIRE(i < n);
      CHECK(holds[i]);
      if (largest && i + 1 < n) CHECK_FALSE(holds[i + 1]);
      if (!largest && i > 0) CHECK_FALSE(holds[i - 1]);
    }
  }
}

TEST_CASE("search: counts that are not a whole number from 1 to 2^53 try nothing") {
  for (double n : std::vector<double>{0.0, -1.0, -0.0, 0.5, NAN, INFINITY, -INFINITY, 9007199254740994.0, 1e300}) {
    CAPTURE(n);
    size_t calls = 0;
    CHECK(ir::bisect(n, true, [&](double) { return ++calls, true; }) == -1);
    CHECK(calls == 0);
  }
  // A fractional count is cut to its whole part; 2^53 values take 53 or 54 probes.
  CHECK(ir::bisect(2.9, true, [](double) { return true; }) == 1);
  size_t calls = 0;
  CHECK(ir::bisect(9007199254740992.0, true, [&](double) { return ++calls, true; }) == 9007199254740991.0);
  CHECK(calls <= 54);
}

TEST_CASE("search: check_searches accepts nested bodies and refuses values leaking out") {
  KB b;
  ValueId n = b.konst(8);
  ValueId outer = search_begin(b, n, true);
  ValueId inner = search_begin(b, n, false);
  ValueId c1 = b.op(Op::Lt, inner, outer);  // the inner body reads the outer candidate: fine
  ValueId e1 = search_end(b, inner, c1);
  ValueId c2 = b.op(Op::Le, e1, b.konst(3));
  ValueId e2 = search_end(b, outer, c2);
  b.k.outputs.push_back(e2);
  CHECK(ir::check_searches(b.k).empty());

  SECTION("an instruction after a search reads a value of its body") {
    b.k.outputs.push_back(b.op(Op::Add, c2, c2));
    CHECK(ir::check_searches(b.k).find("from outside its search") != std::string::npos);
  }
  SECTION("an output is a value of a body") {
    b.k.outputs.push_back(c1);
    CHECK(ir::check_searches(b.k).find("used outside it") != std::string::npos);
  }
  SECTION("a search never closed") {
    search_begin(b, n, true);
    CHECK(ir::check_searches(b.k).find("never closed") != std::string::npos);
  }
  SECTION("ends in the wrong order") {
    KB w;
    ValueId m = w.konst(4);
    ValueId s1 = search_begin(w, m, true);
    ValueId s2 = search_begin(w, m, true);
    ValueId t = w.konst(1);
    search_end(w, s1, t);
    search_end(w, s2, t);
    CHECK(ir::check_searches(w.k).find("names no open search") != std::string::npos);
  }
}

TEST_CASE("search: compiled searches match the interpreter on odd counts and conditions", "[jit]") {
  // count from a table of special values; the condition `candidate < cut` (largest) or
  // `candidate >= cut` (smallest), cut from a second axis, NaN included (NaN holds).
  const std::vector<double> counts = {0, 1, 2, 3, 7, 8, 1000, 0.5, 2.5, -1, -0.0, NAN, INFINITY,
                                      9007199254740992.0, 9007199254740993.0 * 2, 1e15};
  const std::vector<double> cuts = {-1, 0, 1, 2, 3.5, 6, 999, 1e14, NAN, INFINITY};
  std::vector<ir::Kernel> ks;
  for (bool largest : {true, false}) {
    KB b;
    ValueId count = b.lookup(b.table(counts), b.index(b.axis(counts.size())));
    ValueId cut = b.lookup(b.table(cuts), b.index(b.axis(cuts.size())));
    ValueId s = search_begin(b, count, largest);
    ValueId cond = largest ? b.op(Op::Lt, s, cut) : b.op(Op::Ge, s, cut);
    // NaN conditions hold, as in `where`: `candidate * cut` is NaN for a NaN cut.
    ValueId either = b.op(Op::Or, cond, b.op(Op::Mul, b.op(Op::Eq, s, b.konst(5)), cut));
    ValueId found = search_end(b, s, either);
    b.k.outputs = {found, b.op(Op::Add, found, count)};
    ks.push_back(b.k);
  }
  check_kernels(ks);
}

TEST_CASE("search: nested compiled searches and searches reading invariant values", "[jit]") {
  // For each x: the smallest g in 0..15 whose largest b in 0..255 with b <= g*x reaches 64.
  KB b;
  ValueId x = b.lookup(b.table({0, 1, 2.5, 4, 16, 64, NAN}), b.index(b.axis(7)));
  ValueId invariant = b.op(Op::Mul, b.konst(2), b.konst(32));
  ValueId g = search_begin(b, b.konst(16), false);
  ValueId bb = search_begin(b, b.konst(256), true);
  ValueId fits = b.op(Op::Le, bb, b.op(Op::Mul, g, x));
  ValueId largest_b = search_end(b, bb, fits);
  ValueId g_found = search_end(b, g, b.op(Op::Ge, largest_b, invariant));
  b.k.outputs = {g_found, invariant};
  check_kernels({b.k});

  // A body holding a value its condition ignores, of a deeper loop than the condition (no
  // pruning ran): the search then runs at that deeper level, still with the right answer.
  KB d;
  ValueId y = d.lookup(d.table({1, 2, 3}), d.index(d.axis(3)));
  ValueId deeper = d.index(d.axis(4));
  ValueId s = search_begin(d, d.konst(100), true);
  d.op(Op::Mul, deeper, s);
  ValueId found = search_end(d, s, d.op(Op::Le, s, d.op(Op::Mul, y, d.konst(10))));
  d.k.outputs = {found, deeper};
  check_kernels({d.k});
}

TEST_CASE("search: a search on known values folds to a constant; one on the point does not") {
  Run folded = run_plan("report \"r\" { n: largest b in 1 .. 512 where 12 + 0.25 * b <= 40 }\n",
                        {"run", "--emit", "ir"});
  REQUIRE(folded.code == 0);
  INFO(folded.out);
  CHECK(folded.out.find("largest of") == std::string::npos);

  Run per_point = run_plan(
      "sweep \"s\" {\n  over c in [0.1, 0.25]\n  show largest b in 1 .. 512 where 12 + c * b <= 40\n}\n",
      {"run", "--emit", "ir"});
  REQUIRE(per_point.code == 0);
  INFO(per_point.out);
  CHECK(per_point.out.find("largest of") != std::string::npos);

  Run values = run_plan(
      "sweep \"s\" {\n  over c in [0.1, 0.25]\n  show n: largest b in 1 .. 512 where 12 + c * b <= 40\n}\n"
      "report \"r\" { n: largest b in 1 .. 512 where 12 + 0.25 * b <= 40 }\n");
  REQUIRE(values.code == 0);
  auto j = values.json();
  INFO(values.out);
  CHECK(j["reports"][0]["rows"][0]["value"] == 112.0);
  CHECK(j["sweeps"][0]["rows"] == nlohmann::json::array({{280.0}, {112.0}}));
}
