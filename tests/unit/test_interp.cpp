// The reference interpreter, end to end through `tcoc run --format json`.
#include <catch2/catch.hpp>

#include "support.h"

using tco::test::row;
using tco::test::run_plan;

TEST_CASE("reports convert to the unit after ->") {
  auto r = run_plan("report \"r\" {\n a: 5M req/month * 1000 tok/req * $10/Mtok -> $/month\n b: 1 month -> d\n c: 3.35 TB/s -> GB/s\n}");
  REQUIRE(r.code == 0);
  auto j = r.json();
  CHECK(row(j, "a").get<double>() == Approx(50000).epsilon(1e-12));
  CHECK(row(j, "b").get<double>() == Approx(30.4375));
  CHECK(row(j, "c").get<double>() == Approx(3350));
  CHECK(j["reports"][0]["rows"][0]["unit"] == "$/month");
}

TEST_CASE("functions inline with defaults that see earlier parameters") {
  auto r = run_plan("fn f(g: Number = 8, tp: Number = g) = g / tp\nreport \"r\" {\n a: f()\n b: f(tp = 2)\n c: f(4, 1)\n}");
  REQUIRE(r.code == 0);
  auto j = r.json();
  CHECK(row(j, "a") == 1.0);
  CHECK(row(j, "b") == 4.0);
  CHECK(row(j, "c") == 4.0);
}

TEST_CASE("best ... by keeps one row per group in first-seen order") {
  auto r = run_plan("sweep \"s\" {\n over g in [3, 1, 2], x in 1 .. 4\n best max x * g by g\n show g, x\n}");
  REQUIRE(r.code == 0);
  auto rows = r.json()["sweeps"][0]["rows"];
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == nlohmann::json::array({3.0, 4.0}));
  CHECK(rows[1] == nlohmann::json::array({1.0, 4.0}));
  CHECK(rows[2] == nlohmann::json::array({2.0, 4.0}));
}

TEST_CASE("top N keeps the best first; where filters") {
  auto r = run_plan("sweep \"s\" {\n over x in 1 .. 10\n where x != 9\n top 2 by max x\n show x\n}");
  REQUIRE(r.code == 0);
  auto rows = r.json()["sweeps"][0]["rows"];
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][0] == 10.0);
  CHECK(rows[1][0] == 8.0);
}

TEST_CASE("pareto keeps the frontier sorted by the first metric") {
  auto r = run_plan("sweep \"s\" {\n over x in [1, 2, 3, 4]\n let a = if x == 2 then 0 else x\n pareto max a, max 5 - x\n show x\n}");
  REQUIRE(r.code == 0);
  auto rows = r.json()["sweeps"][0]["rows"];
  REQUIRE(rows.size() == 3);
  CHECK(rows[0][0] == 4.0);
  CHECK(rows[1][0] == 3.0);
  CHECK(rows[2][0] == 1.0);
}

TEST_CASE("simulations are reproducible and seed-dependent") {
  std::string plan = "simulate \"s\" {\n samples 5000 seed SEED\n let u = uniform(10, 20)\n show mean(u), p50(u)\n}";
  auto with_seed = [&](const char* s) {
    std::string p = plan;
    p.replace(p.find("SEED"), 4, s);
    auto r = run_plan(p);
    REQUIRE(r.code == 0);
    return r.json()["simulations"][0]["rows"][0];
  };
  auto a = with_seed("1"), b = with_seed("1"), c = with_seed("2");
  CHECK(a == b);
  CHECK(a != c);
  CHECK(a[0].get<double>() == Approx(15).margin(0.2));
}

TEST_CASE("exit codes: 0 ok, 1 failed assert, 2 compile error, 3 I/O") {
  CHECK(run_plan("assert 1 < 2").code == 0);
  auto failed = run_plan("assert 2 < 1, \"nope\"");
  CHECK(failed.code == 1);
  CHECK(failed.json()["asserts"][0]["passed"] == false);
  CHECK(run_plan("let x = 1 GB + 1 s").code == 2);
  std::string out, err;
  CHECK(tco::driver::tcoc_main({"run", "/nonexistent/plan.tco"}, out, err) == 3);
  CHECK(tco::driver::tcoc_main({"run", "/tmp"}, out, err) == 3);
}

TEST_CASE("the CLI explains itself") {
  std::string out, err;
  CHECK(tco::driver::tcoc_main({"--help"}, out, err) == 0);
  CHECK(out.find("tcoc run") != std::string::npos);
  out.clear();
  CHECK(tco::driver::tcoc_main({"run", "--help"}, out, err) == 0);
  CHECK(out.find("--format") != std::string::npos);
  err.clear();
  CHECK(tco::driver::tcoc_main({"run", "--format", "yaml", "x.tco"}, out, err) == 2);
  CHECK(err.find("--format takes") != std::string::npos);
  CHECK(tco::driver::tcoc_main({"frobnicate"}, out, err) == 2);
}

TEST_CASE("imports resolve beside the plan and cycles are errors") {
  tco::test::TempPlan p("import lib\nreport \"r\" {\n v: value -> GB\n}");
  p.add("lib.tco", "let value = 2 GB");
  std::string out, err;
  REQUIRE(tco::driver::tcoc_main({"run", "--format", "json", p.path()}, out, err) == 0);
  CHECK(tco::test::row(nlohmann::json::parse(out), "v") == 2.0);
  tco::test::TempPlan q("import a\nlet x = 1");
  q.add("a.tco", "import b\nlet y = 1");
  q.add("b.tco", "import a\nlet z = 1");
  err.clear();
  CHECK(tco::driver::tcoc_main({"check", q.path()}, out, err) == 2);
  CHECK(err.find("E0102") != std::string::npos);
}

TEST_CASE("streamed CSV: --out writes the rows of plain sweeps to a file, whole") {
  tco::test::TempPlan p(
      "sweep \"many\" {\n over x in 1 .. 2000000\n where x > 1999998\n show x, half: x / 2\n}\n"
      "sweep \"reduced\" {\n over x in 1 .. 10\n best max x\n show x\n}\n");
  std::string csv = (p.dir() / "rows.csv").string();
  std::string out, err;
  int code = tco::driver::tcoc_main({"run", "--out", csv, "--max-rows", "10", p.path()}, out, err);
  REQUIRE(code == 0);
  std::ifstream in(csv);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "# many\nx,half\n1999999,999999.5\n2000000,1000000\n");
  CHECK(out.find("2 of 2,000,000 points written to") != std::string::npos);
  CHECK(out.find("reduced") != std::string::npos);  // reductions still print as usual
  // Only the finished file is left behind.
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(p.dir())) files += e.is_regular_file();
  CHECK(files == 2);
  out.clear();
  err.clear();
  CHECK(tco::driver::tcoc_main({"run", "--out", (p.dir() / "no" / "such" / "dir.csv").string(), p.path()}, out, err) == 3);
  CHECK(err.find("E0303") != std::string::npos);
}

TEST_CASE("streamed CSV: a run that fails after streaming leaves the old file and no temporary") {
  // The first sweep streams rows to the temporary; the second is over the point limit, so
  // the run stops with E0302 before the file is committed.
  tco::test::TempPlan p(
      "sweep \"streamed\" {\n over x in 1 .. 1000\n show x\n}\n"
      "sweep \"too large\" {\n over a in 1 .. 1000000, b in 1 .. 1000000, c in 1 .. 1000000\n show a\n}\n");
  const auto csv = p.dir() / "rows.csv";
  std::ofstream(csv) << "old rows\n";
  for (bool no_jit : {false, true}) {
    std::vector<std::string> args{"run", "--out", csv.string(), p.path()};
    args.insert(args.begin() + 1, no_jit ? "--no-jit" : "--jit");
    std::string out, err;
    CHECK(tco::driver::tcoc_main(args, out, err) == 3);
    CHECK(err.find("error[E0302]") != std::string::npos);
    std::ifstream in(csv);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text == "old rows\n");
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(p.dir())) files += e.is_regular_file();
    CHECK(files == 2);  // the plan and the old rows.csv
  }
}

TEST_CASE("streamed CSV: NaN and -infinity rows are counted and warned about, as in memory") {
  tco::test::TempPlan p("sweep \"s\" {\n over x in [-1, 0, 1]\n where x < 1\n show x, x / x, -1 / (x * x)\n}\n");
  std::string csv = (p.dir() / "rows.csv").string();
  for (bool no_jit : {false, true}) {
    std::vector<std::string> args{"run", "--out", csv, p.path()};
    args.insert(args.begin() + 1, no_jit ? "--no-jit" : "--jit");
    std::string out, err;
    REQUIRE(tco::driver::tcoc_main(args, out, err) == 0);
    std::ifstream in(csv);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text == "# s\nx,x / x,-1 / (x * x)\n-1,1,-1\n0,NaN,-inf\n");
    // The counts are over the rows written (2 met `where`), not the points swept (3).
    CHECK(err.find("warning[W0301]: `x / x` is not a number (NaN) in 1 of 2 rows") != std::string::npos);
    CHECK(err.find("warning[W0302]: `-1 / (x * x)` is -infinity in 1 of 2 rows") != std::string::npos);
  }
}
