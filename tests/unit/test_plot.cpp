// `tcoc run --plot`: ticks, file names, the Pareto chart's frontier, what each sweep is drawn
// as (or why not), and writing the files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "runtime/plot/chart.h"
#include "runtime/plot/plot.h"
#include "runtime/plot/slug.h"
#include "runtime/plot/ticks.h"
#include "runtime/reduce.h"
#include "support.h"

using namespace tco::rt;
using namespace tco::rt::plot;

namespace {

std::vector<std::string> labels(const AxisTicks& t) {
  std::vector<std::string> out;
  for (const auto& tick : t.ticks) out.push_back(tick.label);
  return out;
}

void check_sane(const AxisTicks& t) {
  REQUIRE(!t.ticks.empty());
  for (size_t i = 0; i < t.ticks.size(); ++i) {
    const double slack = std::max(std::fabs(t.lo), std::fabs(t.hi)) * 1e-9;
    CHECK(t.ticks[i].value >= t.lo - slack);
    CHECK(t.ticks[i].value <= t.hi + slack);
    if (i) CHECK(t.ticks[i].value > t.ticks[i - 1].value);
  }
  std::set<std::string> distinct;
  for (const auto& tick : t.ticks) distinct.insert(tick.label);
  CHECK(distinct.size() == t.ticks.size());  // two ticks never read the same
}

using tco::test::slurp;

}  // namespace

TEST_CASE("plot ticks: linear axes step by 1, 2 or 5 times a power of ten") {
  CHECK(nice_step(1234, 5) == 200);
  CHECK(nice_step(10, 5) == 2);
  CHECK(nice_step(0.74, 5) == Approx(0.1));
  CHECK(nice_step(7, 1) == 10);

  auto a = linear_axis(0, 1234, 5, true);
  check_sane(a);
  CHECK(a.lo == 0);
  CHECK(a.hi == 1400);
  CHECK(labels(a) == std::vector<std::string>{"0", "200", "400", "600", "800", "1k", "1.2k", "1.4k"});

  // Without `extend` the range is the data's and the ticks fall inside it.
  auto b = linear_axis(0.13, 0.87, 5, false);
  check_sane(b);
  CHECK(b.lo == 0.13);
  CHECK(b.hi == 0.87);
  CHECK(labels(b) == std::vector<std::string>{"0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8"});

  auto c = linear_axis(-5, 5, 5, true);
  check_sane(c);
  CHECK(labels(c) == std::vector<std::string>{"-6", "-4", "-2", "0", "2", "4", "6"});

  // One value spans from zero to it.
  auto d = linear_axis(3, 3, 5, true);
  check_sane(d);
  CHECK(d.lo == 0);
  CHECK(d.hi == 3);

  // Big and small magnitudes keep their labels short and distinct.
  check_sane(linear_axis(2.5e6, 9.75e6, 6, true));
  CHECK(labels(linear_axis(2.5e6, 9.75e6, 6, true)).front() == "2M");
  check_sane(linear_axis(1e-7, 4e-7, 4, true));
  check_sane(linear_axis(-1e308, 1e308, 5, true));  // a span no double holds
}

TEST_CASE("plot ticks: SI labels") {
  CHECK(si_label(0, 1) == "0");
  CHECK(si_label(-0.0, 1) == "0");
  CHECK(si_label(1500, 500) == "1.5k");
  CHECK(si_label(2000, 500) == "2k");
  CHECK(si_label(-1500, 500) == "-1.5k");
  CHECK(si_label(2e6, 1e6) == "2M");
  CHECK(si_label(2.5e9, 5e8) == "2.5G");
  CHECK(si_label(1e12, 1e12) == "1T");
  CHECK(si_label(999, 1) == "999");
  CHECK(si_label(0.25, 0.05) == "0.25");
  CHECK(si_label(0.3, 0.1) == "0.3");
  CHECK(si_label(2.5e-5, 5e-6) == "2.5e-5");
  CHECK(si_label(1e21, 1e21) == "1e21");
  CHECK(exact_label(1024) == "1024");
  CHECK(exact_label(100000) == "100k");
  CHECK(exact_label(0.5) == "0.5");
}

TEST_CASE("plot ticks: log axes") {
  // Few decades: 1, 2 and 5 of each.
  auto a = log_axis(0.3, 30, true);
  check_sane(a);
  CHECK(a.log);
  CHECK(a.lo == Approx(0.2));
  CHECK(a.hi == Approx(50));
  CHECK(labels(a) == std::vector<std::string>{"0.2", "0.5", "1", "2", "5", "10", "20", "50"});

  // More: powers of ten only.
  auto b = log_axis(1, 512, false);
  check_sane(b);
  CHECK(labels(b) == std::vector<std::string>{"1", "10", "100"});

  // Many: every other power, never more than about eight ticks.
  auto c = log_axis(1, 1e12, false);
  check_sane(c);
  CHECK(labels(c) == std::vector<std::string>{"1", "100", "10k", "1M", "100M", "10G", "1T"});

  // Under one 1-2-5 step: every digit.
  auto d = log_axis(3, 7, false);
  check_sane(d);
  CHECK(labels(d) == std::vector<std::string>{"3", "4", "5", "6", "7"});

  // The ends of the doubles: 600 decades, labelled in e-notation.
  auto e = log_axis(1e-300, 1e308, false);
  check_sane(e);
  CHECK(e.ticks.size() <= 8);
  CHECK(e.ticks.front().label == "1e-300");
  CHECK(e.ticks.back().label == "1e300");

  // A geometric axis: ticks at its own points.
  auto f = value_axis({512, 1, 2, 4, 8, 16, 32, 64, 128, 256, 1024});
  check_sane(f);
  CHECK(labels(f) == std::vector<std::string>{"1", "2", "4", "8", "16", "32", "64", "128", "256", "512", "1024"});
}

TEST_CASE("plot file names: slugs of the titles, unique") {
  CHECK(slugify("Cheapest GPU per batch size") == "cheapest-gpu-per-batch-size");
  CHECK(slugify("Throughput vs interactivity") == "throughput-vs-interactivity");
  CHECK(slugify("  $0.30/Mtok — budget!  ") == "0-30-mtok-budget");
  CHECK(slugify("Négative café, Straße") == "negative-cafe-strasse");
  CHECK(slugify("") == "chart");
  CHECK(slugify("日本語") == "chart");
  CHECK(slugify("GPUs needed for Llama 3 70B chat (1k in, 1k out), FP8, owned") ==
        "gpus-needed-for-llama-3-70b-chat-1k-in-1k-out-fp8-owned");
  const std::string long_title(
      "Same server, each precision: tokens per second per GPU at a 30 ms TPOT, and then some more words");
  const std::string s = slugify(long_title);
  CHECK(s.size() <= kMaxSlug);
  CHECK(s == "same-server-each-precision-tokens-per-second-per-gpu-at-a-30-ms");
  CHECK(slugify(std::string(100, 'x')).size() == kMaxSlug);  // no '-' to cut at
  CHECK(unique_slugs({"Cost", "cost", "COST!", "Other", "cost 2"}) ==
        std::vector<std::string>{"cost", "cost-2", "cost-3", "other", "cost-2-2"});
}

TEST_CASE("plot Pareto chart: the frontier is the non-dominated points, joined in x order") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 100);
  for (int dirs = 0; dirs < 4; ++dirs) {
    const bool max_x = dirs & 1, max_y = dirs & 2;
    // A cloud of points on a coarse grid (so ties and duplicates happen), one column a group.
    std::vector<std::vector<Cell>> cloud;
    ReduceSpec spec;
    spec.kind = ReduceSpec::Pareto;
    spec.width = 3;
    spec.maximize = {max_x, max_y};
    Reducer red(spec);
    for (uint64_t i = 0; i < 400; ++i) {
      const double x = std::round(u(rng)), y = std::round(u(rng));
      const double row[3] = {double(i % 3), x, y};
      red.add(i, row, row + 1, nullptr);
      cloud.push_back({Cell::str(i % 3 ? "B" : "A"), Cell::num(x), Cell::num(y)});
    }
    Table t;
    t.title = "Frontier";
    t.columns = {{"gpu", "", NumberStyle::Plain}, {"a", "tok/s", NumberStyle::Plain}, {"b", "$/Mtok", NumberStyle::Money}};
    for (const auto& r : red.finish()) t.rows.push_back({Cell::str(r[0] ? "B" : "A"), Cell::num(r[1]), Cell::num(r[2])});
    StudyShape s;
    s.reduction = ReduceSpec::Pareto;
    s.axes = {{"gpu", 2, AxisScale::List, 0}, {"i", 200, AxisScale::Step, -1}};
    s.depends = {1, 2, 2};
    s.objectives = {1, 2};
    s.maximize = {max_x, max_y};
    s.cloud = cloud;

    ChartChoice choice = choose_chart(t, s);
    REQUIRE(choice.chart);
    const Chart& c = *choice.chart;
    CHECK(c.kind == ChartKind::Pareto);
    CHECK(c.x_unit == "tok/s");
    CHECK(c.panels.at(0).unit == "$/Mtok");
    const Series* front = nullptr;
    size_t faint = 0;
    for (const auto& ser : c.panels[0].series) {
      if (ser.frontier) front = &ser;
      else faint += ser.x.size();
    }
    CHECK(faint == cloud.size());  // every point, faint
    REQUIRE(front);

    // Brute force: a point is on the frontier when no other point is at least as good in
    // both objectives and better in one (exact duplicates: the first one stands).
    auto better_eq = [](double p, double q, bool max) { return max ? p >= q : p <= q; };
    std::set<std::pair<double, double>> expected;
    for (size_t i = 0; i < cloud.size(); ++i) {
      const double xi = cloud[i][1].number, yi = cloud[i][2].number;
      bool dominated = false;
      for (size_t j = 0; j < cloud.size() && !dominated; ++j) {
        const double xj = cloud[j][1].number, yj = cloud[j][2].number;
        if (better_eq(xj, xi, max_x) && better_eq(yj, yi, max_y) && (xj != xi || yj != yi)) dominated = true;
      }
      if (!dominated) expected.insert({xi, yi});
    }
    std::set<std::pair<double, double>> got;
    for (size_t i = 0; i < front->x.size(); ++i) got.insert({front->x[i], front->y[i]});
    CHECK(got == expected);
    CHECK(front->x.size() == expected.size());  // no duplicate drawn twice
    // Joined left to right, and a trade-off all along: y moves against x's preference.
    for (size_t i = 1; i < front->x.size(); ++i) {
      CHECK(front->x[i] > front->x[i - 1]);
      CHECK((max_x == max_y ? front->y[i] < front->y[i - 1] : front->y[i] > front->y[i - 1]));
    }
    CHECK(front->styles.size() == front->x.size());
    CHECK(c.legend.back().label.find("Pareto frontier") == 0);
  }
}

TEST_CASE("plot: what each sweep is drawn as, or why it is not") {
  tco::test::TempPlan p(R"(
sweep "Cost by batch" {
  over gpu in ["H100", "B200"], batch in 1 .. 64 geometric 2
  let cost = 10 / batch + (if gpu == "H100" then 1 else 2)
  show gpu, batch, cost: cost * 1 $/hr -> $/hr, tput: batch * 100 tok/s -> tok/s
}
sweep "Best per GPU" {
  over gpu in ["H100", "B200", "MI300X"], batch in 1 .. 8 step 1
  let cost = (10 / batch + batch) * 1 $/hr
  best min cost by gpu
  show gpu, batch, cost -> $/hr
}
sweep "Top" {
  over i in 1 .. 3
  top 2 by max i * i
  show i, sq: i * i
}
sweep "Unnamed axis" {
  over a in 1 .. 3, b in [1, 2]
  show a, y: a * b
}
sweep "Only one" {
  over a in 1 .. 3
  best min a
  show a
}
simulate "Risk" {
  samples 1000 seed 3
  let rent = uniform($2/hr, $3/hr)
  show p10(rent) -> $/hr, p90(rent) -> $/hr, mean(rent) -> $/hr
}
)");
  const auto dir = p.dir() / "charts";
  std::string out, err;
  REQUIRE(tco::driver::tcoc_main({"run", "--plot", dir.string(), p.path()}, out, err) == 0);
  CHECK(out.find("Cost by batch") != std::string::npos);  // the tables still print
  CHECK(err.find("no chart for sweep \"Unnamed axis\": axis `b`") != std::string::npos);
  CHECK(err.find("no chart for sweep \"Only one\": a single row") != std::string::npos);
  std::set<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.insert(e.path().filename().string());
  CHECK(files == std::set<std::string>{"cost-by-batch.svg", "best-per-gpu.svg", "top.svg", "risk.svg"});

  const std::string lines = slurp(dir / "cost-by-batch.svg");
  CHECK(lines.find("data-kind=\"lines\"") != std::string::npos);
  CHECK(lines.find("<title>Cost by batch</title>") != std::string::npos);
  CHECK(lines.find("batch, log scale") != std::string::npos);  // a geometric axis is drawn on a log scale
  CHECK(lines.find(">64</text>") != std::string::npos);        // ... with ticks at its points
  CHECK(lines.find("$/hr") != std::string::npos);
  CHECK(lines.find("tok/s") != std::string::npos);
  CHECK(tco::test::occurrences(lines, "class=\"series\"") == 4);  // two panels, a line per GPU in each
  CHECK(lines.find(">H100</text>") != std::string::npos);  // the legend
  CHECK(lines.find(">B200</text>") != std::string::npos);

  const std::string bars = slurp(dir / "best-per-gpu.svg");
  CHECK(bars.find("data-kind=\"bars\"") != std::string::npos);
  CHECK(bars.find("lower is better") != std::string::npos);
  CHECK(bars.find(">MI300X</text>") != std::string::npos);

  const std::string hist = slurp(dir / "risk.svg");
  CHECK(hist.find("data-kind=\"histogram\"") != std::string::npos);
  CHECK(hist.find("p90 ") != std::string::npos);
  CHECK(hist.find("rent ($/hr)") != std::string::npos);

  // The same bytes from the interpreter.
  const auto dir2 = p.dir() / "interp";
  out.clear();
  err.clear();
  REQUIRE(tco::driver::tcoc_main({"run", "--no-jit", "--plot", dir2.string(), p.path()}, out, err) == 0);
  for (const auto& f : files) CHECK(slurp(dir / f) == slurp(dir2 / f));
}

TEST_CASE("plot: an unusable folder is an I/O error before the run, a failed write leaves nothing") {
  tco::test::TempPlan p("sweep \"s\" {\n over x in 1 .. 3\n show x, y: x * 2\n}\n");
  std::string out, err;
  // A folder under a file cannot exist.
  CHECK(tco::driver::tcoc_main({"run", "--plot", (std::filesystem::path(p.path()) / "charts").string(), p.path()}, out,
                               err) == 3);
  CHECK(err.find("E0303") != std::string::npos);
  CHECK(out.empty());
  err.clear();
  CHECK(tco::driver::tcoc_main({"run", "--plot", p.path(), p.path()}, out, err) == 3);
  CHECK(err.find("is not a folder") != std::string::npos);
  std::string why;
  CHECK_FALSE(prepare_dir(p.path(), &why));

  // A write that fails (the folder went away under the run) names the file and leaves no
  // temporary behind.
  RunResult r;
  Table t;
  t.title = "s";
  t.columns = {{"x", "", NumberStyle::Plain}, {"y", "", NumberStyle::Plain}};
  for (int i = 1; i <= 3; ++i) t.rows.push_back({Cell::num(i), Cell::num(2 * i)});
  r.sweeps.push_back(t);
  StudyShape s;
  s.axes = {{"x", 3, AxisScale::Step, 0}};
  s.depends = {1, 1};
  const auto gone = p.dir() / "gone";
  Outcome o = write_charts(gone.string(), r, {s});
  CHECK_FALSE(o.ok());
  CHECK(o.failed_path == (gone / "s.svg").string());
  CHECK(!std::filesystem::exists(gone));
  // And into a real folder: the file, nothing else.
  REQUIRE(prepare_dir((p.dir() / "ok").string(), &why));
  o = write_charts((p.dir() / "ok").string(), r, {s});
  CHECK(o.ok());
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(p.dir() / "ok")) n += e.path().filename() == "s.svg" ? 1 : 100;
  CHECK(n == 1);
}
