// What the chart choosers share (choose*.cpp): reading a study's table (which columns are
// numbers, how a row is named, how rows group), the words under a chart, the limits past
// which a chart cannot be read. Internal to runtime/plot.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/plot/chart.h"

namespace tco::rt::plot::chooser {

inline uint64_t bit(size_t k) { return k < 64 ? uint64_t(1) << k : ~uint64_t(0); }

// Every cell a number and at least one of them finite: something to draw.
bool numeric(const std::vector<std::vector<Cell>>& rows, size_t c);

// A log scale when the values are all positive and span more than an order of magnitude:
// then a linear scale would flatten the small ones (the cheap GPUs, the small batches) into
// the floor, where their differences are what the analyst came to see.
constexpr double kLogSpan = 20;
bool wants_log(const std::vector<double>& v);

// The column that names axis k's values: the one showing the axis, else the first that
// depends on that axis alone (`interactivity: 1 tok / slo`).
int label_column(const StudyShape& s, const Table& t, size_t k);
std::string value_text(const Column& col, const Cell& cell);
// How a column is named on a chart: the field it shows, not the path that reached it, in
// words: `s.tokens_per_s_per_user` reads "tokens per s per user", `gpu.name` "gpu". Any
// other expression (`p90(cost)`, `a * b`) reads as written.
std::string column_label(const std::string& name);
inline std::string column_label(const Column& c) { return column_label(c.name); }
// One axis's part of a group or category name: a text as it is ("H200"), a number with
// its name ("batch = 64").
std::string label_part(const Column& col, const Cell& cell);
std::string join_label(const Table& t, const std::vector<Cell>& row, const std::vector<int>& cols);

// Distinct labels in order of first appearance, and each row's index among them.
struct Groups {
  std::vector<std::string> names;
  std::vector<size_t> of_row;
  std::map<std::string, size_t> index;
  size_t add(const std::string& name) {
    auto [it, fresh] = index.emplace(name, names.size());
    if (fresh) names.push_back(name);
    return it->second;
  }
};

// Lines: past this many, each line is also named at its end (the palette has seven colours).
constexpr size_t kDirectLabels = 8;
// Bars: a bar more than this many times the next one down squeezes the rest into slivers;
// the axis is broken instead, for at most a fifth of the bars.
constexpr double kOutlierRatio = 3;
// Where a bar panel's axis should end (NaN: at the largest value), given all its values.
double outlier_cap(const std::vector<double>& values);
// Every finite value a whole number and at least one repeated from one point to the next
// along a line: a count that holds between points (`gpus_needed`), drawn as steps.
bool holds_between_points(const std::vector<std::vector<double>>& lines);
// The sets of a panel's series that coincide point for point (Panel::same).
std::vector<std::vector<size_t>> coinciding(const std::vector<Series>& series);

// Beyond these a chart cannot be read: a legend of 30 colours, 150 bars in a column.
constexpr size_t kMaxLines = 24;
constexpr size_t kMaxCategories = 120;
constexpr size_t kMaxBarGroups = 12;

Groups group_rows(const Table& t, const std::vector<std::vector<Cell>>& rows, const std::vector<int>& cols);

// A series' look when it stands for the i-th of several groups: a colour and a marker shape
// each, so lines that coincide, or readers who cannot tell two colours apart, still can.
inline Style group_style(size_t i) { return Style{i % kPaletteSize, 0, i % kMarkers}; }

inline std::string direction(bool maximize) { return maximize ? "higher is better" : "lower is better"; }

// "lower is better" when column `col` shows an objective of the reduction, else "".
std::string objective_direction(const StudyShape& s, size_t col);
std::vector<std::string> subtitle(const Table& t, std::string first);
// What the reduction kept, in words: "lowest s.cost_per_mtok per gpu".
std::string reduction_text(const Table& t, const StudyShape& s);
std::string unavailable_axis(const AxisShape& a);

// Columns of one unit share a panel, in the order they come; a column without a unit gets
// its own, and so does one `may_share(first_of_panel, col)` refuses.
template <class MayShare>
std::vector<std::vector<size_t>> panels_by_unit(const Table& t, const std::vector<size_t>& cols, MayShare may_share) {
  std::vector<std::vector<size_t>> panels;
  for (size_t col : cols) {
    const std::string& unit = t.columns[col].unit;
    auto same = std::find_if(panels.begin(), panels.end(), [&](const auto& p) {
      return !unit.empty() && t.columns[p[0]].unit == unit && may_share(p[0], col);
    });
    if (same != panels.end()) same->push_back(col);
    else panels.push_back({col});
  }
  return panels;
}


// The numeric axis along x, and the column showing it (choose_lines.cpp).
struct XChoice {
  size_t axis;
  int column;
};
std::optional<XChoice> choose_x(const Table& t, const StudyShape& s, uint64_t ident);

// One chooser per kind of chart.
ChartChoice lines_chart(const Table& t, const StudyShape& s, uint64_t ident, XChoice x);
ChartChoice bars_chart(const Table& t, const StudyShape& s, uint64_t ident);
ChartChoice pareto_chart(const Table& t, const StudyShape& s);
ChartChoice histogram_chart(const Table& t, const StudyShape& s);

}  // namespace tco::rt::plot::chooser
