// Line charts: panels in a grid of two, sharing the x axis and the legend of groups.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "runtime/plot/draw.h"

namespace tco::rt::plot::draw {
namespace {

constexpr double kPanelGap = 40;
constexpr double kRowGap = 14;  // between an x axis title and the next row's headings
// Markers show where the sweep's points are; past this many they only clutter the line.
constexpr size_t kMaxMarked = 40;

AxisTicks x_ticks(const Chart& c, double plot_width) {
  if (!c.x_ticks_at.empty()) {
    AxisTicks t = value_axis(c.x_ticks_at);
    t.log = c.x_log;
    if (t.hi > t.lo) return t;
  }
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& p : c.panels)
    for (const auto& s : p.series)
      for (double x : s.x)
        if (std::isfinite(x) && (!c.x_log || x > 0)) lo = std::min(lo, x), hi = std::max(hi, x);
  if (lo > hi) return linear_axis(0, 1, 5, true);
  if (c.x_log) return log_axis(lo, hi, false, std::max(3, int(plot_width / 60)));
  return linear_axis(lo, hi, std::max(3, int(plot_width / 90)), false);
}

// The points of a line as drawn: straight segments, or for a count that holds between
// points, level runs that rise or fall halfway to the next point.
std::vector<std::pair<double, double>> path(const std::vector<std::pair<double, double>>& run, bool step) {
  if (!step) return run;
  std::vector<std::pair<double, double>> out;
  for (size_t i = 0; i < run.size(); ++i) {
    if (i > 0) {
      const double mid = (run[i - 1].first + run[i].first) / 2;
      out.emplace_back(mid, run[i - 1].second);
      out.emplace_back(mid, run[i].second);
    }
    out.push_back(run[i]);
  }
  return out;
}

// The last point a line reaches, where its direct label goes (NaN y: none).
std::pair<double, double> line_end(const Series& s, const Scale& sx, const Scale& sy, bool log_y) {
  for (size_t i = s.x.size(); i-- > 0;)
    if (std::isfinite(s.y[i]) && !(log_y && s.y[i] <= 0)) return {sx(s.x[i]), sy(s.y[i])};
  return {0, NAN};
}

struct Context {
  const Chart& chart;
  const Panel& panel;
  Scale sx, sy;
  bool log_y;
};

void draw_series(Svg& svg, const Context& cx, const Series& s) {
  const std::string col = color(s.style.color);
  std::vector<std::pair<double, double>> run;
  auto flush = [&] {
    if (run.size() >= 2)
      svg.polyline(thin(path(run, s.step)), fmt::format("stroke=\"{}\" stroke-width=\"2.25\" stroke-linejoin=\"round\"{}",
                                                  col, dash_attr(s.style.dash)));
    run.clear();
  };
  std::vector<size_t> dots;
  for (size_t i = 0; i < s.x.size(); ++i) {
    const double y = s.y[i];
    if (!std::isfinite(y) || (cx.log_y && y <= 0)) {
      flush();
      continue;
    }
    run.emplace_back(cx.sx(s.x[i]), cx.sy(y));
    dots.push_back(i);
  }
  flush();
  if (dots.size() > kMaxMarked && dots.size() != 1) return;
  const Chart& c = cx.chart;
  for (size_t i : dots) {
    // "H200, batch = 64: cost = 1.2 $/hr": the line, where along x, and the figure.
    const std::string figure = cx.panel.columns.size() == 1 ? cx.panel.name + " = " : "";
    const std::string tip = fmt::format("{}{} = {}: {}{}", s.label.empty() ? "" : s.label + ", ", c.x_name,
                                        value_with_unit(s.x[i], NumberStyle::Plain, c.x_unit), figure,
                                        value_with_unit(s.y[i], cx.panel.style, cx.panel.unit));
    marker(svg, s.style.marker, cx.sx(s.x[i]), cx.sy(s.y[i]), 3.5, fmt::format("fill=\"{}\" stroke=\"#fff\"", col), tip);
  }
}

// What a line is called at its end: its label, or for the last of a set that coincides
// (the one drawn on top) the whole set, "H100 = H200"; "" for one hidden under it.
std::string end_label(const Panel& p, size_t i) {
  for (const auto& set : p.same) {
    if (std::find(set.begin(), set.end(), i) == set.end()) continue;
    if (i != set.back()) return "";
    std::string s;
    for (size_t k : set) s += (s.empty() ? "" : " = ") + p.series[k].label;
    return s;
  }
  return p.series[i].label;
}

// Each line's name at its right end, in its colour, nudged apart so no two overlap.
void direct_labels(Svg& svg, const Context& cx, double x, double top, double bottom, double width) {
  struct Label {
    double y;
    std::string text;
    size_t color;
  };
  std::vector<Label> labels;
  for (size_t i = 0; i < cx.panel.series.size(); ++i) {
    const Series& s = cx.panel.series[i];
    const auto [ex, ey] = line_end(s, cx.sx, cx.sy, cx.log_y);
    const std::string text = end_label(cx.panel, i);
    if (!std::isnan(ey) && !text.empty()) labels.push_back({ey, fit(text, kLabelSize - 1, width), s.style.color});
  }
  std::stable_sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.y < b.y; });
  constexpr double kGap = 13;
  for (size_t i = 1; i < labels.size(); ++i) labels[i].y = std::max(labels[i].y, labels[i - 1].y + kGap);
  // Pushed past the bottom: the whole stack moves up, as far as the top allows.
  if (!labels.empty() && labels.back().y > bottom) {
    labels.back().y = bottom;
    for (size_t i = labels.size() - 1; i-- > 0;) labels[i].y = std::min(labels[i].y, labels[i + 1].y - kGap);
    for (size_t i = 0; i < labels.size() && labels[i].y < top; ++i) labels[i].y = std::max(top, i ? labels[i - 1].y + kGap : top);
  }
  svg.open_group("class=\"direct-labels\"");
  for (const auto& l : labels)
    svg.text(x, l.y + 4, l.text, fmt::format("font-size=\"{}\" fill=\"{}\"", kLabelSize - 1, color(l.color)));
  svg.close_group();
}

// The sets of lines that coincide, under the panel's heading: "H100 = H200: one line".
double same_note(Svg* svg, const Panel& p, double x, double y, double width) {
  double h = 0;
  for (const auto& set : p.same) {
    for (const auto& line : wrap(end_label(p, set.back()) + " (drawn as one line)", kLabelSize, width)) {
      h += 16;
      if (svg) svg->text(x, y + h, line, fmt::format("font-size=\"{}\" fill=\"{}\"", kLabelSize, kMuted));
    }
  }
  return h > 0 ? h + 6 : 0;  // clear of the top tick's label
}

}  // namespace

std::string draw_lines(const Chart& c) {
  const size_t n = c.panels.size();
  // Lines named at their ends need the width: one panel a row.
  const size_t cols = n == 1 || c.direct_labels ? 1 : 2;
  const double pw = (kWidth - 2 * kMargin - double(cols - 1) * kPanelGap) / double(cols);
  const double ph = cols == 1 ? 420 : 320;
  const size_t nrows = (n + cols - 1) / cols;
  // The direct labels' column, as wide as the longest name needs, within reason.
  double gutter = 0;
  if (c.direct_labels)
    for (const auto& p : c.panels)
      for (size_t k = 0; k < p.series.size(); ++k)
        gutter = std::max(gutter, std::min(text_width(end_label(p, k), kLabelSize - 1), 220.0) + 12);
  // Panels of a row stay aligned: each row makes room for its tallest heading and legend.
  std::vector<double> room(nrows, 0);
  for (size_t i = 0; i < n; ++i) {
    const Panel& p = c.panels[i];
    const double h = heading(nullptr, p, 0, 0, pw);
    room[i / cols] = std::max(room[i / cols], h + legend(nullptr, p.legend, 0, 0, pw) + same_note(nullptr, p, 0, 0, pw));
  }

  Svg svg(c.title, "lines");
  const double top = header(&svg, c);
  std::vector<double> row_top(nrows + 1, top);
  for (size_t r = 0; r < nrows; ++r) row_top[r + 1] = row_top[r] + ph + room[r] + (r + 1 < nrows ? kRowGap : 0);
  for (size_t i = 0; i < n; ++i) {
    const Panel& p = c.panels[i];
    const double x0 = kMargin + double(i % cols) * (pw + kPanelGap);
    const double y0 = row_top[i / cols];
    const double h = heading(&svg, p, x0, y0 + 14, pw);
    const double lh = legend(&svg, p.legend, x0, y0 + 20 + h, pw);
    same_note(&svg, p, x0, y0 + 20 + h + lh, pw);
    const double plot_top = y0 + 30 + room[i / cols], plot_bottom = y0 + ph + room[i / cols] - 44;

    std::vector<double> ys;
    for (const auto& s : p.series) ys.insert(ys.end(), s.y.begin(), s.y.end());
    AxisTicks yt = value_ticks(ys, p.log, std::max(3, int((plot_bottom - plot_top) / 55)), false);
    mark_ratio(&yt, p.style);
    const double left = x0 + std::min(widest_label(yt, kLabelSize), pw * 0.3) + 10, right = x0 + pw - 6 - gutter;
    const AxisTicks xt = x_ticks(c, right - left);
    const Scale sx = scale_for(xt, left, right), sy = scale_for(yt, plot_bottom, plot_top);
    const Context cx{c, p, sx, sy, yt.log};

    y_grid(svg, yt, sy, left, right);
    x_grid(svg, xt, sx, plot_top, plot_bottom);
    svg.line(left, plot_bottom, right, plot_bottom, fmt::format("stroke=\"{}\"", kAxis));
    svg.text((left + right) / 2, plot_bottom + 36, axis_title(c.x_name, c.x_unit, c.x_log),
             fmt::format("text-anchor=\"middle\" fill=\"{}\"", kMuted));
    svg.open_group(fmt::format("class=\"panel\" data-name=\"{}\"", xml_escape(data_name(p))));
    for (const auto& s : p.series) {
      svg.open_group(fmt::format("class=\"series\" data-label=\"{}\"", xml_escape(s.label)));
      draw_series(svg, cx, s);
      svg.close_group();
    }
    svg.close_group();
    if (c.direct_labels) direct_labels(svg, cx, right + 8, plot_top, plot_bottom, gutter - 10);
  }
  return svg.finish(kWidth, row_top[nrows] + kMargin - 24);
}

}  // namespace tco::rt::plot::draw
