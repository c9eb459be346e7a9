// JIT-compiled kernels against the interpreter's semantics, bit for bit: hand-built kernels
// for every operation and special value, the loop nest over the axes (every chunking),
// tables, draws, `where`, the kept count, the threshold and group-threshold protocols, and
// every kernel of the golden plans through the real pipeline.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <thread>

#include "jit_support.h"
#include "runtime/reduce.h"
#include "runtime/rng.h"
#include "support.h"

using namespace tco;
using namespace tco::test;

TEST_CASE("jit: every unary operation on special values", "[jit]") {
  KB b;
  uint32_t t = b.table(kSpecial);
  ValueId x = b.lookup(t, b.index(b.axis(kSpecial.size())));
  for (Op o : {Op::Neg, Op::Not, Op::Sqrt, Op::Ln, Op::Exp, Op::Log10, Op::Log2, Op::Floor, Op::Ceil, Op::Round,
               Op::Abs, Op::Cos, Op::Sin})
    b.k.outputs.push_back(b.op(o, x));
  check_kernels({b.k});
}

TEST_CASE("jit: every binary operation, comparison and logic op on pairs of special values", "[jit]") {
  // Strictly bit-identical with one NaN (+NaN); then with -NaN too, where NaN+(-NaN) may
  // give either NaN.
  std::vector<double> one_nan = kSpecial;
  one_nan.pop_back();
  for (bool both : {false, true}) {
    const std::vector<double>& v = both ? kSpecial : one_nan;
    KB b;
    uint32_t t = b.table(v);
    ValueId x = b.lookup(t, b.index(b.axis(v.size())));
    ValueId y = b.lookup(t, b.index(b.axis(v.size())));
    for (Op o : {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Pow, Op::Min, Op::Max, Op::Lt, Op::Le, Op::Gt, Op::Ge,
                 Op::Eq, Op::Ne, Op::And, Op::Or}) {
      b.k.outputs.push_back(b.op(o, x, y));
      b.k.outputs.push_back(b.op(o, y, x));
    }
    check_kernels({b.k}, both);
  }
}

TEST_CASE("jit: select over triples, with NaN and -0.0 conditions", "[jit]") {
  std::vector<double> v = {0.0, -0.0, 1.0, -2.5, INFINITY, NAN, -NAN};
  KB b;
  uint32_t t = b.table(v);
  ValueId x = b.lookup(t, b.index(b.axis(v.size())));
  ValueId y = b.lookup(t, b.index(b.axis(v.size())));
  ValueId z = b.lookup(t, b.index(b.axis(v.size())));
  b.k.outputs = {b.op(Op::Select, x, y, z), b.op(Op::Select, b.op(Op::Lt, x, y), z, y)};
  check_kernels({b.k});
}

TEST_CASE("jit: pow stays libm pow: constant bases and exponents, huge values", "[jit]") {
  std::vector<double> v = {0.5, 2, 3, 10, -2, 0.1, 1e-300, 1e300, 1000, -1000, 52.5, 1.0 / 3, 1023.9, 1024, -1074.5};
  KB b;
  uint32_t t = b.table(v);
  ValueId x = b.lookup(t, b.index(b.axis(v.size())));
  for (double c : {2.0, 10.0, 0.5, -1.0, 3.0, 1.0 / 3, M_E, 1e10, -0.5})
    b.k.outputs.push_back(b.op(Op::Pow, b.konst(c), x)), b.k.outputs.push_back(b.op(Op::Pow, x, b.konst(c)));
  b.k.outputs.push_back(b.op(Op::Exp, b.op(Op::Ln, x)));
  b.k.outputs.push_back(b.op(Op::Log2, b.op(Op::Pow, b.konst(2), x)));
  b.k.outputs.push_back(b.op(Op::Sqrt, b.op(Op::Mul, x, x)));
  check_kernels({b.k});

  ir::Program p = program_of({b.k});
  std::string error;
  std::string opt = jit::emit_llvm(p, true, &error);
  INFO(error);
  REQUIRE(!opt.empty());
  CHECK(opt.find("@pow(") != std::string::npos);
  CHECK(opt.find("exp2") == std::string::npos);
  CHECK(opt.find("llvm.pow") == std::string::npos);
}

TEST_CASE("jit: operations on constants and on invariant table loads match the interpreter", "[jit]") {
  KB b;
  ValueId zero = b.konst(0), one = b.konst(1), m1 = b.konst(-1), nan = b.konst(NAN), inf = b.konst(INFINITY);
  uint32_t t = b.table({-1.0, 0.0, NAN, 2.0});
  ValueId tm1 = b.lookup(t, b.konst(0)), t0 = b.lookup(t, b.konst(1)), tn = b.lookup(t, b.konst(2));
  ValueId t_out = b.lookup(t, b.konst(4)), t_neg = b.lookup(t, b.konst(-3)), t_nan = b.lookup(t, nan);
  b.k.outputs = {b.op(Op::Div, zero, zero),   b.op(Op::Div, t0, t0),     b.op(Op::Sqrt, m1),
                 b.op(Op::Sqrt, tm1),         b.op(Op::Ln, m1),          b.op(Op::Ln, tm1),
                 b.op(Op::Neg, nan),          b.op(Op::Neg, tn),         b.op(Op::Sub, inf, inf),
                 b.op(Op::Min, nan, one),     b.op(Op::Max, one, tn),    b.op(Op::Mul, zero, inf),
                 b.op(Op::Pow, m1, b.konst(0.5)), b.op(Op::Pow, tm1, b.konst(0.5)), b.op(Op::Ne, nan, nan),
                 b.op(Op::Eq, tn, tn),        b.op(Op::Not, nan),        b.op(Op::Select, tn, one, zero),
                 t_out, t_neg, t_nan, b.op(Op::Add, tn, one)};
  // As a one-point report kernel (no axes) and as a sweep (invariants hoisted).
  ir::Program p;
  ir::ReportItem r;
  r.kernel = b.k;
  p.reports.push_back(r);
  ir::Kernel swept = b.k;
  swept.axes.push_back({"x", 3});
  swept.insts.push_back({Op::Index, 0, 0, 0, 0});
  swept.outputs.push_back(ValueId(swept.insts.size() - 1));
  ir::StudyItem s;
  s.kernel = swept;
  p.studies.push_back(s);
  auto j = make_jit();
  compile(*j, p);
  check_same(run(j->report_kernel(0), b.k, 0, 1), reference(b.k, 0, 1));
  check_same(run(j->study_kernel(0), swept, 0, 3), reference(swept, 0, 3));
}

TEST_CASE("jit: table lookups by index, out of range, and empty tables", "[jit]") {
  KB b;
  uint32_t t = b.table({10, 20, 30, -0.0, NAN});
  uint32_t empty = b.table({});
  ValueId i = b.index(b.axis(8));
  b.k.outputs = {b.lookup(t, i), b.lookup(t, b.op(Op::Sub, i, b.konst(2))), b.lookup(t, b.op(Op::Div, i, b.konst(2))),
                 b.lookup(empty, i), b.lookup(t, b.konst(1)), b.lookup(t, b.op(Op::Mul, i, b.konst(1e15)))};
  check_kernels({b.k});
}

TEST_CASE("jit: uniform draws equal rt::uniform01 for the same (seed, point, stream)", "[jit]") {
  KB b;
  b.k.seed = 0xDEADBEEF12345678ull;
  b.axis(1000);
  ValueId u0 = b.uniform(0), u5 = b.uniform(5);
  b.k.outputs = {u0, u5, b.op(Op::Add, u0, b.op(Op::Mul, u5, b.konst(10))), b.uniform(4000000000u)};
  ir::Program p = program_of({b.k});
  auto j = make_jit();
  compile(*j, p);
  auto rows = run(j->study_kernel(0), b.k, 0, 1000);
  REQUIRE(rows.size() == 1000);
  bool all = true;
  for (const auto& r : rows) {
    all = all && bits(r.values[0]) == bits(rt::uniform01(b.k.seed, r.index, 0)) &&
          bits(r.values[1]) == bits(rt::uniform01(b.k.seed, r.index, 5)) &&
          bits(r.values[3]) == bits(rt::uniform01(b.k.seed, r.index, 4000000000u));
  }
  CHECK(all);
  check_same(rows, reference(b.k, 0, 1000));
  check_same(run(j->study_kernel(0), b.k, 537, 1000), reference(b.k, 537, 1000));
}

TEST_CASE("jit: the odometer visits row-major order across chunk boundaries", "[jit]") {
  KB b;
  ValueId i0 = b.index(b.axis(3)), i1 = b.index(b.axis(1)), i2 = b.index(b.axis(4)), i3 = b.index(b.axis(5));
  b.k.outputs = {i0, i1, i2, i3};
  ir::Program p = program_of({b.k});
  auto j = make_jit();
  compile(*j, p);
  TcoKernelFn f = j->study_kernel(0);
  const uint64_t n = b.k.points();
  REQUIRE(n == 60);
  auto whole = run(f, b.k, 0, n);
  check_same(whole, reference(b.k, 0, n));
  for (uint64_t k = 0; k <= n; ++k) {
    auto split = run(f, b.k, 0, k);
    auto rest = run(f, b.k, k, n);
    split.insert(split.end(), rest.begin(), rest.end());
    check_same(split, whole);
  }
  // Ragged chunks through the middle.
  for (uint64_t lo = 0; lo < n; lo += 7) check_same(run(f, b.k, lo, std::min(n, lo + 13)), reference(b.k, lo, std::min(n, lo + 13)));
  CHECK(run(f, b.k, 5, 5).empty());
  CHECK(run(f, b.k, 9, 3).empty());
}

TEST_CASE("jit: the odometer starts right deep inside a huge index space", "[jit]") {
  KB b;
  ValueId i0 = b.index(b.axis(1ull << 22)), i1 = b.index(b.axis(3)), i2 = b.index(b.axis(1ull << 21));
  b.k.outputs = {i0, i1, i2, b.op(Op::Add, b.op(Op::Mul, i0, b.konst(1e6)), i2)};
  ir::Program p = program_of({b.k});
  auto j = make_jit();
  compile(*j, p);
  const uint64_t n = b.k.points();
  for (uint64_t lo : std::vector<uint64_t>{0, (1ull << 21) - 3, 3ull << 21, n / 2 + 12345, n - 100})
    check_same(run(j->study_kernel(0), b.k, lo, lo + 100), reference(b.k, lo, lo + 100));
}

TEST_CASE("jit: where filters points; NaN passes; an invariant false where skips all", "[jit]") {
  KB b;
  uint32_t t = b.table({1, NAN, 0, -0.0, 5});
  ValueId x = b.index(b.axis(5)), y = b.index(b.axis(4));
  ValueId tx = b.lookup(t, x);
  b.k.where = {b.op(Op::Ne, x, b.konst(2)), b.op(Op::Lt, y, b.konst(3)), tx};
  b.k.outputs = {x, y, tx};
  b.k.objectives = {b.op(Op::Mul, x, y)};
  b.k.keys = {y};
  ir::Kernel none = b.k, nan_where = b.k;
  none.where.push_back(none.insts.size());
  none.insts.push_back({Op::Const, 0, 0, 0, -0.0});
  nan_where.where = {ValueId(nan_where.insts.size())};
  nan_where.insts.push_back({Op::Const, 0, 0, 0, NAN});
  check_kernels({b.k, none, nan_where});
  auto rows = reference(b.k, 0, b.k.points());
  CHECK(rows.size() == 9);  // x in {0, 1 (NaN passes), 4} × y in {0, 1, 2}
  CHECK(reference(none, 0, none.points()).empty());
  CHECK(reference(nan_where, 0, nan_where.points()).size() == 20);
}

TEST_CASE("jit: threshold protocol: add() only when the threshold is NaN or strictly beaten", "[jit]") {
  std::vector<double> obj = {5, 3, 3, 7, NAN, 2, 2, -1, 4, -1, NAN, -5, 8, 9, -5, 10};
  KB b;
  uint32_t t = b.table(obj);
  ValueId i = b.index(b.axis(obj.size()));
  ValueId o = b.lookup(t, i);
  b.k.outputs = {i};
  b.k.objectives = {o};
  ir::Program p = program_of({b.k});
  auto j = make_jit();
  compile(*j, p);

  for (int maximize : {0, 1}) {
    CAPTURE(maximize);
    // A best-min (or max) sink: the threshold becomes the best objective so far.
    Recorder rec(width(b.k));
    rec.sink.use_threshold = 1;
    rec.sink.maximize = maximize;
    rec.on_add = [](Recorder& r, uint64_t, const double* v) {
      double x = v[1];
      bool better = r.sink.maximize ? x > r.sink.threshold : x < r.sink.threshold;
      if (!std::isnan(x) && (std::isnan(r.sink.threshold) || better)) r.sink.threshold = x;
    };
    run(j->study_kernel(0), b.k, 0, obj.size(), rec);
    // What the protocol prescribes, simulated here.
    std::vector<uint64_t> want;
    double th = NAN;
    for (size_t k = 0; k < obj.size(); ++k) {
      bool better = maximize ? obj[k] > th : obj[k] < th;
      if (std::isnan(th) || better) {
        want.push_back(k);
        if (!std::isnan(obj[k])) th = obj[k];
      }
    }
    std::vector<uint64_t> got;
    for (const auto& r : rec.rows) got.push_back(r.index);
    CHECK(got == want);
    CHECK(rec.sink.threshold == (maximize ? 10.0 : -5.0));
    CHECK(rec.rows.back().index == (maximize ? 15u : 11u));  // the first of the tied -5s
  }
  // Without use_threshold, every point reaches the sink.
  Recorder all(width(b.k));
  all.sink.threshold = -100;
  run(j->study_kernel(0), b.k, 0, obj.size(), all);
  check_same(all.rows, reference(b.k, 0, obj.size()));
  // A fixed threshold: only strictly better points (NaN objectives never are).
  Recorder fixed(width(b.k));
  fixed.sink.use_threshold = 1;
  fixed.sink.threshold = 3;
  run(j->study_kernel(0), b.k, 0, obj.size(), fixed);
  std::vector<uint64_t> got;
  for (const auto& r : fixed.rows) got.push_back(r.index);
  CHECK(got == std::vector<uint64_t>{5, 6, 7, 9, 11, 14});
}

TEST_CASE("jit: several threads run one kernel at once", "[jit]") {
  KB b;
  b.k.seed = 7;
  ValueId x = b.index(b.axis(400)), y = b.index(b.axis(25));
  b.k.where = {b.op(Op::Ne, b.op(Op::Floor, b.op(Op::Mul, b.uniform(0), b.konst(3))), b.konst(1))};
  b.k.outputs = {x, y, b.op(Op::Pow, b.op(Op::Add, x, b.konst(1)), b.op(Op::Div, y, b.konst(7)))};
  ir::Program p = program_of({b.k});
  auto j = make_jit();
  compile(*j, p);
  const uint64_t n = b.k.points();
  std::vector<std::vector<Row>> parts(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < 4; ++i)
    threads.emplace_back([&, i] { parts[i] = run(j->study_kernel(0), b.k, n * i / 4, n * (i + 1) / 4); });
  for (auto& th : threads) th.join();
  std::vector<Row> all;
  for (auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  check_same(all, reference(b.k, 0, n));
}

TEST_CASE("jit: reports, studies and asserts of one program; a second program on the same JIT", "[jit]") {
  KB r, s, a;
  r.k.outputs = {r.op(Op::Add, r.konst(1), r.konst(2))};
  s.k.outputs = {s.op(Op::Mul, s.index(s.axis(4)), s.konst(2))};
  a.k.outputs = {a.op(Op::Lt, a.konst(1), a.konst(2))};
  ir::Program p = program_of({s.k});
  p.reports.push_back({"r", {}, r.k});
  p.asserts.push_back({"m", a.k, {}, "<", {}});
  auto j = make_jit();
  compile(*j, p);
  check_same(run(j->report_kernel(0), r.k, 0, 1), reference(r.k, 0, 1));
  check_same(run(j->study_kernel(0), s.k, 0, 4), reference(s.k, 0, 4));
  check_same(run(j->assert_kernel(0), a.k, 0, 1), reference(a.k, 0, 1));
  CHECK(j->study_kernel(1) == nullptr);
  CHECK(j->llvm_ir(false).find("define void @tco_study_0") != std::string::npos);
  CHECK(j->llvm_ir(true).find("define void @tco_report_0") != std::string::npos);
  CHECK(j->codegen_seconds() >= 0);
  CHECK(j->compile_seconds() > 0);
  TcoKernelFn first = j->study_kernel(0);

  KB s2;
  s2.k.outputs = {s2.op(Op::Sub, s2.index(s2.axis(3)), s2.konst(5))};
  compile(*j, program_of({s2.k}));
  check_same(run(j->study_kernel(0), s2.k, 0, 3), reference(s2.k, 0, 3));
  check_same(run(first, s.k, 0, 4), reference(s.k, 0, 4));  // earlier kernels stay valid
  CHECK(j->report_kernel(0) == nullptr);
}

TEST_CASE("jit: a huge kernel (fast machine-code path) matches too", "[jit]") {
  KB b;
  uint32_t t = b.table(kSpecial);
  ValueId x = b.lookup(t, b.index(b.axis(kSpecial.size())));
  ValueId y = b.index(b.axis(3));
  ValueId v = b.op(Op::Add, x, y);
  const Op ops[] = {Op::Add, Op::Mul, Op::Sub, Op::Div, Op::Min, Op::Max};
  for (int i = 0; i < 12000; ++i) {
    ValueId c = b.konst(1 + i % 17);
    v = b.op(ops[i % 6], v, i % 3 == 0 ? b.op(Op::Add, y, c) : c);
    if (i % 97 == 0) v = b.op(Op::Sqrt, b.op(Op::Abs, v));
    if (i % 101 == 0) v = b.op(Op::Ln, b.op(Op::Add, b.op(Op::Abs, v), b.konst(1)));
    if (i % 1000 == 0) b.k.outputs.push_back(v);
  }
  b.k.outputs.push_back(v);
  check_kernels({b.k});
}

TEST_CASE("jit: the module text is kept only when asked", "[jit]") {
  KB b;
  b.k.outputs = {b.op(Op::Neg, b.index(b.axis(2)))};
  auto j = make_jit();
  j->set_keep_ir(false);
  compile(*j, program_of({b.k}));
  CHECK(j->llvm_ir(false).empty());
  CHECK(j->llvm_ir(true).empty());
  check_same(run(j->study_kernel(0), b.k, 0, 2), reference(b.k, 0, 2));
}

TEST_CASE("jit: an invalid program is an error, not an abort", "[jit]") {
  KB b;
  b.k.outputs = {b.op(Op::Add, 0, 1)};  // reads itself and a later value
  auto j = make_jit();
  std::string error;
  CHECK_FALSE(j->compile(program_of({b.k}), &error));
  CHECK(error.find("tco_study_0") != std::string::npos);
  KB c;
  c.k.outputs = {c.index(3)};
  error.clear();
  CHECK(jit::emit_llvm(program_of({c.k}), false, &error).empty());
  CHECK(error.find("no axis 3") != std::string::npos);
  KB d;
  d.k.outputs = {7};
  error.clear();
  CHECK_FALSE(j->compile(program_of({d.k}), &error));
  CHECK(!error.empty());
}

TEST_CASE("jit: emitted LLVM IR has no fast-math flags", "[jit]") {
  KB b;
  uint32_t t = b.table(kSpecial);
  ValueId x = b.lookup(t, b.index(b.axis(kSpecial.size())));
  ValueId y = b.op(Op::Add, b.op(Op::Mul, x, x), b.op(Op::Div, x, b.konst(3)));
  b.k.outputs = {y, b.op(Op::Min, y, x), b.op(Op::Sqrt, y), b.op(Op::Round, x)};
  ir::Program p = program_of({b.k});
  for (bool optimized : {false, true}) {
    std::string error;
    std::string text = jit::emit_llvm(p, optimized, &error);
    INFO(error);
    REQUIRE(!text.empty());
    CHECK(text.find("define void @tco_study_0(i64") != std::string::npos);
    for (const char* flag : {" fast ", " nnan ", " ninf ", " nsz ", " arcp ", " contract ", " afn ", " reassoc ", "fmuladd"}) {
      CAPTURE(flag);
      CHECK(text.find(flag) == std::string::npos);
    }
  }
}

TEST_CASE("jit: every kernel of every golden plan matches the interpreter's semantics", "[jit]") {
  namespace fs = std::filesystem;
  fs::path cases = fs::path(TCOC_STDLIB_DIR).parent_path() / "tests" / "cases";
  REQUIRE(fs::is_directory(cases));
  auto j = make_jit();
  size_t plans = 0, kernels = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(cases))
    if (e.path().extension() == ".tco" && e.path().string().find("/lib/") == std::string::npos)
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto c = pipeline::compile(f.string(), sema::SearchPaths::from_environment());
    if (!c->lowered || c->diags.has_errors()) continue;
    CAPTURE(f.string());
    compile(*j, c->ir);
    ++plans;
    auto check = [&](TcoKernelFn fn, const ir::Kernel& k) {
      REQUIRE(fn != nullptr);
      ++kernels;
      uint64_t n = std::min<uint64_t>(k.points(), 20000);
      check_same(run(fn, k, 0, n), reference(k, 0, n));
    };
    for (size_t i = 0; i < c->ir.reports.size(); ++i) check(j->report_kernel(i), c->ir.reports[i].kernel);
    for (size_t i = 0; i < c->ir.studies.size(); ++i) check(j->study_kernel(i), c->ir.studies[i].kernel);
    for (size_t i = 0; i < c->ir.asserts.size(); ++i) check(j->assert_kernel(i), c->ir.asserts[i].kernel);
  }
  CHECK(plans >= 10);
  CHECK(kernels >= 30);
}

TEST_CASE("jit: a plan through the real pipeline: builtins, where, best, a simulation", "[jit]") {
  test::TempPlan plan(
      "report \"r\" {\n"
      "  a: sqrt(2) + ln(3) + exp(0.5) + log10(7) + log2(9) + floor(2.7) + ceil(2.1) + round(-2.5) + abs(-3)\n"
      "  b: pow(2, 0.5) + min(1, 2) + max(3, 4) + clamp(5, 0, 1)\n"
      "}\n"
      "sweep \"s\" {\n"
      "  over x in 1 .. 50, y in [0.5, 1, 2, 4]\n"
      "  let c = pow(x, y) / (1 + ln(x)) - sqrt(x * y)\n"
      "  where c > 1 and not (x == 7)\n"
      "  best min c by y\n"
      "  show x, y, c, round(c), if c < 10 then floor(c) else ceil(c)\n"
      "}\n"
      "simulate \"m\" {\n"
      "  samples 3000 seed 9\n"
      "  let u = uniform(1, 2)\n"
      "  let n = normal(10, 2)\n"
      "  show mean(u * n), p90(n)\n"
      "}\n"
      "assert 1 + 1 == 2, \"math\"\n");
  auto c = pipeline::compile(plan.path(), sema::SearchPaths::from_environment());
  REQUIRE(c->lowered);
  REQUIRE(c->ir.reports.size() == 1);
  REQUIRE(c->ir.studies.size() == 2);
  auto j = make_jit();
  compile(*j, c->ir);
  const ir::Kernel& r = c->ir.reports[0].kernel;
  check_same(run(j->report_kernel(0), r, 0, 1), reference(r, 0, 1));
  for (size_t i = 0; i < 2; ++i) {
    const ir::Kernel& k = c->ir.studies[i].kernel;
    check_same(run(j->study_kernel(i), k, 0, k.points()), reference(k, 0, k.points()));
    CHECK(!reference(k, 0, k.points()).empty());
  }
  CHECK(c->ir.studies[1].kernel.points() == 3000);
  const ir::Kernel& a = c->ir.asserts[0].kernel;
  auto rows = run(j->assert_kernel(0), a, 0, 1);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].values[0] == 1.0);
}

namespace {

// The index of flat point p along axis a (row-major).
uint64_t axis_index(const ir::Kernel& k, uint64_t p, size_t a) {
  for (size_t b = k.axes.size(); b-- > a + 1;) p /= k.axes[b].size;
  return p % k.axes[a].size;
}

// The sink protocol of runtime/sink.h applied by hand to `kept`, the points that met every
// `where`, in order: counts them, and reports to `rec` those a kernel must report, reading
// the thresholds as they are at each point (rec's on_add moves them).
void simulate(const ir::Kernel& k, const std::vector<Row>& kept, Recorder& rec) {
  for (const Row& r : kept) {
    ++rec.sink.kept;
    if (!k.objectives.empty()) {
      double t = NAN;
      if (k.key_axis >= 0 && rec.sink.group_threshold)
        t = rec.sink.group_threshold[axis_index(k, r.index, size_t(k.key_axis))];
      else if (rec.sink.use_threshold)
        t = rec.sink.threshold;
      double o = r.values[k.outputs.size()];
      if (!(t != t || (rec.sink.maximize ? o > t : o < t))) continue;
    }
    Recorder::add(&rec.sink, r.index, r.values.data());
  }
}

// Sinks whose thresholds move like runtime/executor.cpp's: the best first objective so far,
// overall or per index along the key axis.
struct Sinks {
  const ir::Kernel& k;
  std::vector<double> groups;
  // mode: 0 no threshold, 1 best so far, 2 a fixed threshold, 3 group thresholds
  Recorder make(int mode, int maximize, double fixed = NAN) {
    Recorder rec(width(k));
    rec.sink.maximize = maximize;
    size_t obj = k.outputs.size();
    if (mode == 1) {
      rec.sink.use_threshold = 1;
      rec.on_add = [obj](Recorder& r, uint64_t, const double* v) {
        double x = v[obj], &t = r.sink.threshold;
        if (x == x && (t != t || (r.sink.maximize ? x > t : x < t))) t = x;
      };
    } else if (mode == 2) {
      rec.sink.use_threshold = 1;
      rec.sink.threshold = fixed;
    } else if (mode == 3) {
      groups.assign(k.axes[size_t(k.key_axis)].size, NAN);
      rec.sink.group_threshold = groups.data();
      const ir::Kernel* kp = &k;
      rec.on_add = [obj, kp](Recorder& r, uint64_t i, const double* v) {
        double x = v[obj], &t = r.sink.group_threshold[axis_index(*kp, i, size_t(kp->key_axis))];
        if (x == x && (t != t || (r.sink.maximize ? x > t : x < t))) t = x;
      };
    }
    return rec;
  }
};

std::vector<uint64_t> indices(const std::vector<Row>& rows) {
  std::vector<uint64_t> out;
  for (const auto& r : rows) out.push_back(r.index);
  return out;
}

// A kernel over 4 axes with values and wheres at every level (see the test below).
ir::Kernel nest_kernel(std::vector<uint64_t> sizes, bool libm) {
  KB b;
  for (uint64_t s : sizes) b.axis(s);
  uint32_t t = b.table({0.5, NAN, 2, -3, 4, 1e300, -0.0, 7});
  ValueId i0 = b.index(0), i1 = b.index(1), i2 = b.index(2), i3 = b.index(3);
  ValueId c2 = b.konst(2), c3 = b.konst(3);
  ValueId l1 = b.op(Op::Mul, b.lookup(t, i0), b.konst(1.5));                  // level 1
  ValueId l2 = b.op(Op::Add, l1, b.op(Op::Mul, i1, c3));                      // level 2
  ValueId l3 = b.op(Op::Div, b.op(Op::Sub, l2, i2), b.op(Op::Add, i2, c2));   // level 3
  ValueId m2 = b.op(Op::Sub, i2, b.op(Op::Floor, b.op(Op::Div, i2, c3)));     // level 3, no i0/i1
  ValueId l4 = b.op(Op::Add, b.op(Op::Mul, l3, b.op(Op::Add, i3, b.konst(0.25))), m2);  // level 4
  if (libm) l4 = b.op(Op::Pow, b.op(Op::Abs, l4), b.konst(0.75));
  ValueId tie = b.op(Op::Floor, b.op(Op::Div, l4, c2));                        // ties in the objective
  // Wheres at levels 1, 2, 3 and 4 (x - 3*floor(x/3) is x mod 3 for x >= 0).
  auto mod = [&](ValueId x, double m) {
    ValueId mm = b.konst(m);
    return b.op(Op::Sub, x, b.op(Op::Mul, mm, b.op(Op::Floor, b.op(Op::Div, x, mm))));
  };
  b.k.where = {b.op(Op::Ne, i0, b.konst(1)),
               b.op(Op::Ne, mod(b.op(Op::Add, i0, i1), 3), b.konst(2)),
               b.op(Op::Ne, mod(b.op(Op::Add, i1, i2), 4), b.konst(1)),
               b.op(Op::Ne, mod(b.op(Op::Add, i3, i2), 5), b.konst(3))};
  b.k.outputs = {i0, i1, i2, i3, l1, l2, l3, l4};
  b.k.objectives = {tie};
  b.k.keys = {i0};
  b.k.key_axis = 0;
  return b.k;
}

}  // namespace

TEST_CASE("jit: the loop nest: every chunk of a 4-axis space, mid-row or not, matches the interpreter", "[jit]") {
  // Chunks starting and ending anywhere: mid-row, at row and block boundaries, single
  // points, inside blocks that an outer `where` skips.
  for (const auto& sizes : std::vector<std::vector<uint64_t>>{{3, 2, 4, 5}, {4, 1, 3, 1}, {1, 3, 1, 7}, {2, 2, 2, 2}}) {
    for (bool libm : {false, true}) {
      CAPTURE(sizes, libm);
      ir::Kernel k = nest_kernel(sizes, libm);
      ir::Program p = program_of({k});
      auto j = make_jit();
      compile(*j, p);
      TcoKernelFn f = j->study_kernel(0);
      const uint64_t n = k.points();
      const auto whole = reference(k, 0, n);
      REQUIRE(!whole.empty());
      REQUIRE(whole.size() < n);
      bool all = true;
      for (uint64_t lo = 0; lo <= n && all; ++lo)
        for (uint64_t hi = lo; hi <= n && all; ++hi) {
          Recorder rec(width(k));
          run(f, k, lo, hi, rec);
          auto want = reference(k, lo, hi);
          all = rec.rows.size() == want.size() && rec.sink.kept == want.size();
          for (size_t r = 0; all && r < want.size(); ++r) {
            all = rec.rows[r].index == want[r].index;
            for (size_t c = 0; all && c < want[r].values.size(); ++c)
              all = bits(rec.rows[r].values[c]) == bits(want[r].values[c]);
          }
          if (!all) {
            CAPTURE(lo, hi);
            check_same(rec.rows, want);
            CHECK(rec.sink.kept == want.size());
          }
        }
      CHECK(all);
    }
  }
}

TEST_CASE("jit: the loop nest computes outer levels once per block: invariant of the chunking under thresholds", "[jit]") {
  // A longer innermost axis (the vectorised row scan), thresholds that move: for every
  // chunk length, one sink over consecutive chunks sees exactly what the protocol prescribes.
  for (bool libm : {false, true}) {
    ir::Kernel k = nest_kernel({3, 2, 3, 21}, libm);
    ir::Program p = program_of({k});
    auto j = make_jit();
    compile(*j, p);
    TcoKernelFn f = j->study_kernel(0);
    const uint64_t n = k.points();
    const auto kept = reference(k, 0, n);
    for (int mode : {0, 1, 2, 3})
      for (int maximize : {0, 1}) {
        CAPTURE(libm, mode, maximize);
        bool all = true;
        for (uint64_t len : {uint64_t(1), uint64_t(2), uint64_t(5), uint64_t(20), uint64_t(21), uint64_t(22),
                             uint64_t(63), uint64_t(64), uint64_t(100), n}) {
          Sinks sg{k, {}}, ss{k, {}};
          Recorder got = sg.make(mode, maximize, 1.0), want = ss.make(mode, maximize, 1.0);
          for (uint64_t lo = 0; lo < n; lo += len) run(f, k, lo, std::min(n, lo + len), got);
          simulate(k, kept, want);
          bool same = indices(got.rows) == indices(want.rows) && got.sink.kept == want.sink.kept;
          if (!same) {
            CAPTURE(len);
            check_same(got.rows, want.rows);
            CHECK(got.sink.kept == want.sink.kept);
          }
          all = all && same;
          if (mode != 0) CHECK(got.rows.size() < kept.size());
        }
        CHECK(all);
      }
  }
}

TEST_CASE("jit: kept counts every point that meets `where`, reported or not", "[jit]") {
  ir::Kernel k = nest_kernel({3, 2, 3, 21}, false);
  ir::Program p = program_of({k});
  auto j = make_jit();
  compile(*j, p);
  TcoKernelFn f = j->study_kernel(0);
  const uint64_t n = k.points();
  const uint64_t met = reference(k, 0, n).size();

  Sinks s{k, {}};
  Recorder plain = s.make(0, 0);
  run(f, k, 0, n, plain);
  CHECK(plain.sink.kept == met);
  CHECK(plain.rows.size() == met);

  // Threshold skipping hides points from add(), not from the count.
  Recorder best = s.make(1, 0);
  run(f, k, 0, n, best);
  CHECK(best.sink.kept == met);
  CHECK(best.rows.size() < met / 4);

  // A threshold nothing beats: no call at all.
  Recorder none = s.make(2, 0, -INFINITY);
  run(f, k, 0, n, none);
  CHECK(none.rows.empty());
  CHECK(none.sink.kept == met);
  Recorder none_max = s.make(2, 1, INFINITY);
  run(f, k, 0, n, none_max);
  CHECK(none_max.rows.empty());
  CHECK(none_max.sink.kept == met);

  // The count is added to what the sink holds; chunks add up.
  Recorder acc = s.make(1, 1);
  acc.sink.kept = 1000;
  for (uint64_t lo = 0; lo < n; lo += 17) run(f, k, lo, std::min(n, lo + 17), acc);
  CHECK(acc.sink.kept == 1000 + met);

  // No where at all; an empty range.
  ir::Kernel open = k;
  open.where.clear();
  Recorder all(width(open));
  compile(*j, program_of({open}));
  run(j->study_kernel(0), open, 3, n - 5, all);
  CHECK(all.sink.kept == n - 8);
  Recorder empty(width(open));
  run(j->study_kernel(0), open, 7, 7, empty);
  CHECK(empty.sink.kept == 0);

  // Reports and asserts: their one point counts, unless a where fails.
  KB r, a, no;
  r.k.outputs = {r.op(Op::Add, r.konst(1), r.konst(2))};
  a.k.outputs = {a.op(Op::Lt, a.konst(1), a.konst(2))};
  no.k.outputs = {no.konst(5)};
  no.k.where = {no.op(Op::Gt, no.konst(1), no.konst(2))};
  ir::Program q;
  q.reports.push_back({"r", {}, r.k});
  q.reports.push_back({"no", {}, no.k});
  q.asserts.push_back({"m", a.k, {}, "<", {}});
  compile(*j, q);
  Recorder rr(1), rn(1), ra(1);
  run(j->report_kernel(0), r.k, 0, 1, rr);
  run(j->report_kernel(1), no.k, 0, 1, rn);
  run(j->assert_kernel(0), a.k, 0, 1, ra);
  CHECK((rr.sink.kept == 1 && rr.rows.size() == 1));
  CHECK((rn.sink.kept == 0 && rn.rows.empty()));
  CHECK((ra.sink.kept == 1 && ra.rows.size() == 1));
}

TEST_CASE("jit: group thresholds: a best ... by one axis reports enough for the full reduction", "[jit]") {
  // Keys on the outer, a middle and the innermost axis; NaN objectives and ties included.
  for (int key_axis : {0, 1, 2}) {
    KB b;
    b.axis(4), b.axis(9), b.axis(13);
    uint32_t t = b.table({3, NAN, 1, 1, 5, -2, 0, 8, 2, NAN, 4, -2, 6});
    ValueId i0 = b.index(0), i1 = b.index(1), i2 = b.index(2);
    ValueId o = b.op(Op::Add, b.op(Op::Mul, b.lookup(t, i2), b.op(Op::Sub, i1, b.konst(4))),
                     b.op(Op::Floor, b.op(Op::Div, i0, b.konst(2))));
    b.k.where = {b.op(Op::Ne, i1, b.konst(3)), b.op(Op::Ne, i2, b.konst(6))};
    ValueId key = b.index(uint32_t(key_axis));
    b.k.outputs = {i0, i1, i2, o};
    b.k.objectives = {o};
    b.k.keys = {key};
    b.k.key_axis = key_axis;
    ir::Program p = program_of({b.k});
    auto j = make_jit();
    compile(*j, p);
    TcoKernelFn f = j->study_kernel(0);
    const uint64_t n = b.k.points();
    const auto kept = reference(b.k, 0, n);
    for (int maximize : {0, 1}) {
      CAPTURE(key_axis, maximize);
      // The runtime's reduction of every kept point, and of what the kernel reported.
      rt::ReduceSpec spec;
      spec.kind = rt::ReduceSpec::Best;
      spec.width = b.k.outputs.size();
      spec.maximize = {bool(maximize)};
      spec.keys = 1;
      rt::Reducer full(spec), part(spec);
      for (const auto& r : kept) full.add(r.index, r.values.data(), &r.values[4], &r.values[5]);
      for (uint64_t len : {uint64_t(1), uint64_t(7), uint64_t(13), uint64_t(50), n}) {
        CAPTURE(len);
        Sinks sg{b.k, {}}, ss{b.k, {}};
        Recorder got = sg.make(3, maximize), want = ss.make(3, maximize);
        for (uint64_t lo = 0; lo < n; lo += len) run(f, b.k, lo, std::min(n, lo + len), got);
        simulate(b.k, kept, want);
        check_same(got.rows, want.rows);
        CHECK(got.sink.kept == kept.size());
        CHECK(got.rows.size() < kept.size() / 2);
        if (len == n) {
          for (const auto& r : got.rows) part.add(r.index, r.values.data(), &r.values[4], &r.values[5]);
          auto a = full.finish(), c = part.finish();
          REQUIRE(a.size() == c.size());
          for (size_t g = 0; g < a.size(); ++g) {
            REQUIRE(a[g].size() == c[g].size());
            for (size_t v = 0; v < a[g].size(); ++v) CHECK(bits(a[g][v]) == bits(c[g][v]));
          }
        }
      }
      // Without the group thresholds: the sink's threshold, if any, else every kept point.
      Sinks s{b.k, {}};
      Recorder plain = s.make(0, maximize);
      run(f, b.k, 0, n, plain);
      check_same(plain.rows, kept);
      Recorder fixed = s.make(2, maximize, 0.0), fixed_want = s.make(2, maximize, 0.0);
      run(f, b.k, 0, n, fixed);
      simulate(b.k, kept, fixed_want);
      check_same(fixed.rows, fixed_want.rows);
      CHECK(!fixed.rows.empty());
    }
  }
}

TEST_CASE("jit: an out-of-range key axis is an error", "[jit]") {
  KB b;
  b.k.outputs = {b.index(b.axis(3))};
  b.k.keys = {0};
  b.k.key_axis = 1;
  auto j = make_jit();
  std::string error;
  CHECK_FALSE(j->compile(program_of({b.k}), &error));
  CHECK(error.find("key axis") != std::string::npos);
}
