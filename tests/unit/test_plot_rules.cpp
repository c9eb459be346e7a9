// The rules that make a chart decide: bars of a `best`/`top` in objective order with the
// winner marked, a broken axis for outliers, steps for counts, coinciding lines named,
// lines labelled at their ends past eight, column labels in words, × on ratio axes, and a
// tooltip on every mark. Checked on the chart model and on the SVG it renders.
#include <catch2/catch.hpp>

#include <cmath>
#include <regex>
#include <string>

#include "runtime/plot/chart.h"
#include "runtime/plot/choose.h"
#include "support.h"

using namespace tco::rt;
using namespace tco::rt::plot;
using tco::test::occurrences;

namespace {

// A sweep over one list axis of GPU names (column 0) with numeric figures.
Table gpu_table(const std::vector<std::string>& gpus, const std::vector<std::vector<double>>& figures,
                std::vector<Column> columns) {
  Table t;
  t.title = "T";
  t.columns = std::move(columns);
  for (size_t i = 0; i < gpus.size(); ++i) {
    std::vector<Cell> row{Cell::str(gpus[i])};
    for (double v : figures[i]) row.push_back(Cell::num(v));
    t.rows.push_back(std::move(row));
  }
  return t;
}

StudyShape list_shape(size_t values, size_t columns) {
  StudyShape s;
  s.axes = {AxisShape{"gpu", values, AxisScale::List, 0}};
  s.depends.assign(columns, 1);
  return s;
}

// Two axes: a GPU list (column 0) and a geometric batch (column 1); figures after them.
Table grouped_lines(size_t groups, const std::vector<double>& batches, double (*f)(size_t, double),
                    std::vector<Column> columns) {
  Table t;
  t.title = "Lines";
  t.columns = std::move(columns);
  for (size_t g = 0; g < groups; ++g)
    for (double b : batches) t.rows.push_back({Cell::str("G" + std::to_string(g)), Cell::num(b), Cell::num(f(g, b))});
  return t;
}

StudyShape grouped_shape(size_t groups, size_t batches) {
  StudyShape s;
  s.axes = {AxisShape{"gpu", groups, AxisScale::List, 0}, AxisShape{"batch", batches, AxisScale::Geometric, 1}};
  s.depends = {1, 2, 3};
  return s;
}

}  // namespace

TEST_CASE("plot rules: columns are labelled by the field they show, in words") {
  using chooser::column_label;
  CHECK(column_label("s.tokens_per_s_per_user") == "tokens per s per user");
  CHECK(column_label("gpu.name") == "gpu");
  CHECK(column_label("precision.name") == "precision");
  CHECK(column_label("name") == "name");
  CHECK(column_label("gpus_needed") == "gpus needed");
  CHECK(column_label("batch") == "batch");
  // Expressions read as written.
  CHECK(column_label("p90(cost)") == "p90(cost)");
  CHECK(column_label("1 tok / slo") == "1 tok / slo");
  CHECK(column_label("a.b * 2") == "a.b * 2");
  CHECK(column_label("_") == "_");
}

TEST_CASE("plot rules: a broken axis only for a few bars far above the rest") {
  using chooser::outlier_cap;
  // The GPU shoot-out's cost panel: L4 rented and owned dwarf every other bar; both break.
  std::vector<double> shootout{1.12, 0.411, 1.54, 0.553, 2.22, 0.772, 0.648, 0.236, 3.59, 1.28, 35.72, 12.29,
                               0.472, 0.129, 0.431, 0.147, 0.397, 0.162, 0.379, 0.153};
  CHECK(outlier_cap(shootout) == 3.59);
  CHECK(outlier_cap({2, 3.5, 2.5, 2.2, 40}) == 3.5);
  CHECK(std::isnan(outlier_cap({2, 3.5, 2.5, 2.2, 9})));      // under three times the next: no break
  CHECK(std::isnan(outlier_cap({1, 100, 2})));                // too few bars to read on a short axis
  CHECK(std::isnan(outlier_cap({-1, 2, 3, 2, 3, 100})));      // bars both ways keep their zero
  CHECK(std::isnan(outlier_cap({1, 2, 3, 4, 40, 50, 60})));   // three of seven is not "a few"
  CHECK(outlier_cap({1, 2, 3, 4, NAN, INFINITY, 40}) == 4);   // no figure, `none`: not bars
}

TEST_CASE("plot rules: counts that hold between points are steps; coinciding lines are named") {
  using chooser::holds_between_points;
  CHECK(holds_between_points({{8, 8, 32, 104}, {8, 8, 16, 64}}));
  CHECK_FALSE(holds_between_points({{8, 9, 32, 104}}));       // whole numbers, never level
  CHECK_FALSE(holds_between_points({{0.5, 0.5, 2}}));         // level, not whole
  CHECK(holds_between_points({{NAN, 3, 3}}));
  CHECK_FALSE(holds_between_points({{NAN}}));

  std::vector<Series> series(4);
  for (size_t i = 0; i < 4; ++i) {
    series[i].label = "S" + std::to_string(i);
    series[i].x = {1, 2};
    series[i].y = {double(i == 2 ? 0 : 1), 5};
  }
  // S0, S1 and S3 draw the same line; S2 its own.
  const auto same = chooser::coinciding(series);
  REQUIRE(same.size() == 1);
  CHECK(same[0] == std::vector<size_t>{0, 1, 3});
}

TEST_CASE("plot rules: best and top bars in objective order, the winner marked") {
  // best min cost by gpu, rows in the sweep's order of GPUs.
  Table t = gpu_table({"A100", "H100", "B200", "MI300X"}, {{4.0}, {2.0}, {1.0}, {3.0}},
                      {{"gpu.name", "", NumberStyle::Plain}, {"s.cost_per_mtok", "$/Mtok", NumberStyle::Money}});
  StudyShape s = list_shape(4, 2);
  s.reduction = ReduceSpec::Best;
  s.key_axes = 1;
  s.objectives = {1};
  s.maximize = {false};
  ChartChoice ch = choose_chart(t, s);
  REQUIRE(ch.chart);
  CHECK(ch.chart->kind == ChartKind::Bars);
  CHECK(ch.chart->categories == std::vector<std::string>{"B200", "H100", "MI300X", "A100"});
  CHECK(ch.chart->winner == 0);
  REQUIRE(ch.chart->panels.size() == 1);
  CHECK(ch.chart->panels[0].name == "cost per mtok");
  CHECK(ch.chart->panels[0].columns == std::vector<std::string>{"s.cost_per_mtok"});
  CHECK(ch.chart->panels[0].series[0].y == std::vector<double>{1, 2, 3, 4});
  CHECK(ch.chart->subtitle.at(0) == "best: lowest cost per mtok per gpu");
  const std::string svg = render(*ch.chart);
  CHECK(svg.find(">B200</text>") != std::string::npos);
  CHECK(svg.find("font-weight=\"bold\">B200</text>") != std::string::npos);
  CHECK(svg.find("1.00 · best</text>") != std::string::npos);
  CHECK(occurrences(svg, "· best") == 1);
  CHECK(svg.find("data-name=\"s.cost_per_mtok\"") != std::string::npos);  // tools still find the column
  CHECK(svg.find("<title>H100: cost per mtok = 2.00 $/Mtok</title>") != std::string::npos);

  // Highest first when the objective is maximised; a row without a figure last, no winner
  // when none has one.
  s.maximize = {true};
  t.rows[2][1] = Cell::num(INFINITY);
  ch = choose_chart(t, s);
  REQUIRE(ch.chart);
  CHECK(ch.chart->categories == std::vector<std::string>{"A100", "MI300X", "H100", "B200"});
  t.columns.push_back({"tput", "tok/s", NumberStyle::Plain});
  s.depends.push_back(1);
  for (auto& r : t.rows) {
    r[1] = Cell::num(INFINITY);
    r.push_back(Cell::num(100));
  }
  ch = choose_chart(t, s);
  REQUIRE(ch.chart);
  CHECK(ch.chart->winner == -1);

  // A plain sweep keeps the order it was written in, and marks nothing.
  Table plain = gpu_table({"A100", "H100", "B200"}, {{4.0}, {2.0}, {1.0}},
                          {{"gpu.name", "", NumberStyle::Plain}, {"cost", "$/Mtok", NumberStyle::Money}});
  ch = choose_chart(plain, list_shape(3, 2));
  REQUIRE(ch.chart);
  CHECK(ch.chart->categories == std::vector<std::string>{"A100", "H100", "B200"});
  CHECK(ch.chart->winner == -1);
}

TEST_CASE("plot rules: an outlier bar is drawn broken, its value written in full") {
  Table t = gpu_table({"A", "B", "C", "D", "L4"}, {{2.0}, {3.5}, {2.5}, {2.2}, {40.0}},
                      {{"gpu.name", "", NumberStyle::Plain}, {"rent", "$/hr", NumberStyle::Money}});
  ChartChoice ch = choose_chart(t, list_shape(5, 2));
  REQUIRE(ch.chart);
  CHECK(ch.chart->panels.at(0).cap == 3.5);
  const std::string svg = render(*ch.chart);
  CHECK(svg.find(">40.00</text>") != std::string::npos);
  CHECK(occurrences(svg, "stroke=\"#fff\" stroke-width=\"2\"") == 2);  // one break: two slashes
  CHECK(svg.find(">40</text>") == std::string::npos);            // the axis stops near 3.5
}

TEST_CASE("plot rules: lines past eight are named at their ends; counts step; ratios get an ×") {
  const std::vector<double> batches{1, 4, 16, 64};
  auto cost = [](size_t g, double b) { return double(g) + 8 / b; };
  Table t = grouped_lines(9, batches, cost,
                          {{"gpu", "", NumberStyle::Plain}, {"batch", "", NumberStyle::Plain}, {"c", "$/hr", NumberStyle::Money}});
  ChartChoice ch = choose_chart(t, grouped_shape(9, 4));
  REQUIRE(ch.chart);
  CHECK(ch.chart->kind == ChartKind::Lines);
  CHECK(ch.chart->direct_labels);
  std::string svg = render(*ch.chart);
  CHECK(svg.find("class=\"direct-labels\"") != std::string::npos);
  CHECK(occurrences(svg, ">G8</text>") == 2);  // in the legend and at its line's end
  CHECK(svg.find("<title>G3, batch = 16: c = 3.50 $/hr</title>") != std::string::npos);

  // Eight lines: the legend is enough.
  t = grouped_lines(8, batches, cost, t.columns);
  ch = choose_chart(t, grouped_shape(8, 4));
  REQUIRE(ch.chart);
  CHECK_FALSE(ch.chart->direct_labels);

  // A whole-number figure that holds: steps. Two groups with the same counts: named.
  auto servers = [](size_t g, double b) { return g == 2 ? std::ceil(b / 8) : std::ceil(b / 16); };
  t = grouped_lines(3, batches, servers,
                    {{"gpu", "", NumberStyle::Plain}, {"batch", "", NumberStyle::Plain}, {"servers", "", NumberStyle::Plain}});
  ch = choose_chart(t, grouped_shape(3, 4));
  REQUIRE(ch.chart);
  const Panel& p = ch.chart->panels.at(0);
  CHECK(p.series.at(0).step);
  REQUIRE(p.same.size() == 1);
  CHECK(p.same[0] == std::vector<size_t>{0, 1});
  svg = render(*ch.chart);
  CHECK(svg.find("G0 = G1 (drawn as one line)") != std::string::npos);

  // A ratio: its axis reads 1×, 2×.
  auto ratio = [](size_t g, double) { return 1 + 0.5 * double(g); };
  t = grouped_lines(3, batches, ratio,
                    {{"gpu", "", NumberStyle::Plain}, {"batch", "", NumberStyle::Plain}, {"vs", "", NumberStyle::Ratio}});
  ch = choose_chart(t, grouped_shape(3, 4));
  REQUIRE(ch.chart);
  CHECK_FALSE(ch.chart->panels.at(0).series.at(0).step);  // not whole numbers
  svg = render(*ch.chart);
  CHECK(svg.find(">1×</text>") != std::string::npos);
  CHECK(svg.find(">2×</text>") != std::string::npos);
  CHECK(svg.find("vs = 1.5×</title>") != std::string::npos);
}

TEST_CASE("plot rules: the compiler marks a quotient of two figures of one kind as a ratio") {
  tco::test::TempPlan p(R"(
sweep "Ratios" {
  over slo in [10 ms, 20 ms, 40 ms]
  let a = 2 $/hr / (slo / 1 ms)
  let b = 1 $/hr
  show slo -> ms, speedup: 40 ms / slo, a_over_b: if slo > 15 ms then a / b else none,
    per: a / (1 $) * 1 hr, plain: slo / 1 ms
}
)");
  const auto dir = p.dir() / "charts";
  std::string out, err;
  REQUIRE(tco::driver::tcoc_main({"run", "--plot", dir.string(), p.path()}, out, err) == 0);
  const std::string svg = tco::test::slurp(dir / "ratios.svg");
  // Tooltips give each panel's values: an × on the two ratios, none on `per` (a figure over
  // money: a plain number) or on `plain` (a time over one unit of time: the time in ms).
  CHECK(svg.find("speedup = 4×</title>") != std::string::npos);
  CHECK(svg.find("a over b = 2×</title>") == std::string::npos);  // slo = 10 ms: none
  CHECK(svg.find("a over b = 0.05×</title>") != std::string::npos);
  CHECK(svg.find("per = 0.2</title>") != std::string::npos);
  CHECK(svg.find("plain = 10</title>") != std::string::npos);
}
