// Internal to runtime/plot: what the chart drawers (draw_*.cpp) share: the look (palette,
// type sizes), scales, the header with title and legend, axes with their gridlines.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "runtime/plot/chart.h"
#include "runtime/plot/svg.h"
#include "runtime/plot/ticks.h"

namespace tco::rt::plot::draw {

// Every chart is this wide: it fits a pull-request comment and a laptop browser unscaled.
inline constexpr double kWidth = 960;
inline constexpr double kMargin = 24;
inline constexpr double kTitleSize = 20, kSubtitleSize = 13, kHeadingSize = 14, kLabelSize = 12, kLegendSize = 13;
inline constexpr const char* kInk = "#222";
inline constexpr const char* kMuted = "#666";
inline constexpr const char* kGrid = "#e4e4e4";
inline constexpr const char* kAxis = "#888";
inline constexpr const char* kAccent = "#B34700";  // notes that matter: "lower is better"

// The Okabe-Ito palette without its yellow (too pale on white): distinguishable with every
// common colour-vision deficiency. kNeutral is grey.
std::string color(size_t i);
// "" (solid), then dashes that stay apart at 2px.
std::string dash_attr(size_t i);
// A marker: circle, square, triangle, diamond, cycling; `tip` is its tooltip.
void marker(Svg& svg, size_t shape, double x, double y, double r, const std::string& attrs,
            std::string_view tip = {});

// A value as a bar's label or a tooltip writes it: "1,265", "0.648", "1.2×" for a ratio.
std::string value_label(double v, NumberStyle style);
// What a tooltip says of a value: "1.54 $/Mtok", "1.2×".
std::string value_with_unit(double v, NumberStyle style, const std::string& unit);
// The panel's columns as the table names them, for tools reading the SVG (data-name).
std::string data_name(const Panel& p);
// Tick labels of a ratio axis end in ×.
void mark_ratio(AxisTicks* t, NumberStyle style);

// Maps data to pixels along one direction (r0 to r1), linearly or by log10.
struct Scale {
  double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
  bool log = false;
  double operator()(double v) const;
};
Scale scale_for(const AxisTicks& axis, double r0, double r1);

// A value axis over the finite values: log when asked and they are all positive; linear
// otherwise, from zero when `zero` or when the data are positive and not far from it.
AxisTicks value_ticks(const std::vector<double>& values, bool log, int target, bool zero);

// `text` broken at spaces into lines no wider than `width` at `size` px.
std::vector<std::string> wrap(const std::string& text, double size, double width);
// `text` cut with an ellipsis to fit `width`.
std::string fit(const std::string& text, double size, double width);

// The title, subtitle lines and shared legend; returns the y below them. Also measures
// (svg null) to size the document before drawing.
double header(Svg* svg, const Chart& c);

// Legend entries flowing left to right from (x, y) within `width`; returns the height used.
double legend(Svg* svg, const std::vector<LegendEntry>& entries, double x, double y, double width);

// A panel's heading at baseline y: bold name, its unit in grey, "log scale" when the value
// axis is one, and a note ("lower is better") in the accent, on a second line when the first
// has no room. Returns the height the second line takes (0 without one); measures only when
// svg is null.
double heading(Svg* svg, const Panel& p, double x, double y, double max_width);

// Horizontal gridlines and labels for the ticks of a y axis, left of x0.
void y_grid(Svg& svg, const AxisTicks& t, const Scale& sy, double x0, double x1);
// Vertical gridlines from y_top to y_bottom and labels below y_bottom, thinned so no two
// labels touch (every tick keeps its gridline).
void x_grid(Svg& svg, const AxisTicks& t, const Scale& sx, double y_top, double y_bottom, bool grid = true);
// The widest label of a set of ticks, for the room left of a y axis.
double widest_label(const AxisTicks& t, double size);

// Drops each point that lands within half a pixel of the one kept before it: a line through
// 60,000 sweep points draws the same with a few hundred, and the file stays small.
std::vector<std::pair<double, double>> thin(const std::vector<std::pair<double, double>>& points);

// "name (unit)", and ", log scale" when it is one.
std::string axis_title(const std::string& name, const std::string& unit, bool log);

std::string draw_lines(const Chart& c);
std::string draw_bars(const Chart& c);
std::string draw_pareto(const Chart& c);
std::string draw_histogram(const Chart& c);

}  // namespace tco::rt::plot::draw
