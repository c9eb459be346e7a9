// The chart model: what a study's SVG shows, decided from its table and shape (plan.cpp),
// drawn by draw_*.cpp. Kept apart so tests can check the decisions without reading SVG.
#pragma once
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "runtime/plot/shape.h"
#include "runtime/results.h"

namespace tco::rt::plot {

enum class ChartKind {
  Lines,      // a figure against a numeric axis, one line per group; a panel per unit
  Bars,       // a figure per category (a GPU, a top-N row), a panel per column
  Pareto,     // two objectives: every point faint, the frontier joined
  Histogram,  // a simulation's samples, its statistics marked
};

// How a series looks, as indices into the fixed palette, dash and marker lists (draw.h).
// kNeutral is grey: a legend entry that stands for a dash or marker, not a colour.
inline constexpr size_t kPaletteSize = 7;
inline constexpr size_t kMarkers = 4;
// A Pareto frontier longer than this is drawn as a line, without a marker or label per point.
inline constexpr size_t kMaxFrontierPoints = 200;
inline constexpr size_t kNeutral = ~size_t(0);
struct Style {
  size_t color = 0;
  size_t dash = 0;
  size_t marker = 0;
};

enum class Swatch { Line, Box, Dot };  // a line with its marker, a bar's box, a lone point

struct LegendEntry {
  std::string label;
  Style style;
  Swatch swatch = Swatch::Line;
};

struct Series {
  std::string label;
  Style style;
  // Lines, Pareto: points in drawing order (a non-finite y breaks a line). Bars: y per
  // category, NaN where the group has no such category. Histogram: y per bin.
  std::vector<double> x, y;
  std::vector<Style> styles;          // Pareto frontier: each point's group look
  std::vector<std::string> labels;    // Pareto frontier: each point's value of the range axes
  std::string labels_name;            // Pareto frontier: what those values are ("batch")
  bool frontier = false;
  // Lines: a whole-number figure (`gpus_needed`) that holds between points, drawn as steps
  // rising halfway between them rather than slopes through values it never takes.
  bool step = false;
};

struct Marker {
  std::string label;  // "p90"
  double value;
};

struct Panel {
  std::string name;                  // the column, or the columns sharing a unit, as labelled
  std::vector<std::string> columns;  // the table's names of those columns (data-name, for tools)
  std::string unit;
  NumberStyle style = NumberStyle::Plain;  // of value labels on bars; Ratio puts an × on the axis
  std::string note;                        // "lower is better" on an objective
  bool log = false;                        // the value axis
  std::vector<Series> series;
  std::vector<LegendEntry> legend;  // the panel's own legend: the columns it shares a unit among
  // Lines: sets of series (indices) that coincide point for point: the last one drawn hides
  // the others, so the chart says they are there ("H100 = H200").
  std::vector<std::vector<size_t>> same;
  // Bars: where the value axis ends when a few bars dwarf the rest (NaN: at the largest
  // value). Bars past it are drawn broken at the axis's end, their value written.
  double cap = NAN;
  // Histogram: bin edges (one more than bins), the statistics, and why samples are missing.
  std::vector<double> edges;
  std::vector<Marker> markers;
  std::string footnote;
};

struct Chart {
  ChartKind kind = ChartKind::Lines;
  std::string title;
  std::vector<std::string> subtitle;
  // Lines and Pareto: the x axis. Histogram panels each carry their own (name, unit).
  std::string x_name, x_unit, x_note;
  bool x_log = false;
  std::vector<double> x_ticks_at;  // a geometric sweep axis: ticks at its own points
  std::vector<std::string> categories;  // Bars, top to bottom
  int winner = -1;  // Bars: the category that best meets the objective, marked; -1: none
  // Lines: each line named at its right end, as well as in the legend: past eight lines the
  // colours repeat and only the marker shape tells two apart.
  bool direct_labels = false;
  std::vector<Panel> panels;
  std::vector<LegendEntry> legend;  // shared by every panel
};

// A chart for the study, or why it gets none (a one-line reason for stderr).
struct ChartChoice {
  std::optional<Chart> chart;
  std::string why;
};
ChartChoice choose_chart(const Table& t, const StudyShape& s);

// The SVG document of a chart.
std::string render(const Chart& c);

}  // namespace tco::rt::plot
