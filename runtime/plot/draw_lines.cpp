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

void draw_series(Svg& svg, const Series& s, const Scale& sx, const Scale& sy, bool log_y) {
  const std::string col = color(s.style.color);
  std::vector<std::pair<double, double>> run;
  auto flush = [&] {
    if (run.size() >= 2)
      svg.polyline(thin(run), fmt::format("stroke=\"{}\" stroke-width=\"2.25\" stroke-linejoin=\"round\"{}", col,
                                    dash_attr(s.style.dash)));
    run.clear();
  };
  std::vector<std::pair<double, double>> dots;
  for (size_t i = 0; i < s.x.size(); ++i) {
    const double y = s.y[i];
    if (!std::isfinite(y) || (log_y && y <= 0)) {
      flush();
      continue;
    }
    run.emplace_back(sx(s.x[i]), sy(y));
    dots.push_back(run.back());
  }
  flush();
  if (dots.size() <= kMaxMarked || dots.size() == 1)
    for (const auto& [x, y] : dots) marker(svg, s.style.marker, x, y, 3.5, fmt::format("fill=\"{}\" stroke=\"#fff\"", col));
}

}  // namespace

std::string draw_lines(const Chart& c) {
  const size_t n = c.panels.size();
  const size_t cols = n == 1 ? 1 : 2;
  const double pw = (kWidth - 2 * kMargin - double(cols - 1) * kPanelGap) / double(cols);
  const double ph = cols == 1 ? 420 : 320;
  const size_t nrows = (n + cols - 1) / cols;
  // Panels of a row stay aligned: each row makes room for its tallest heading and legend.
  std::vector<double> room(nrows, 0);
  for (size_t i = 0; i < n; ++i) {
    const Panel& p = c.panels[i];
    const double h = heading(nullptr, p, 0, 0, pw);
    room[i / cols] = std::max(room[i / cols], h + legend(nullptr, p.legend, 0, 0, pw));
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
    legend(&svg, p.legend, x0, y0 + 20 + h, pw);
    const double plot_top = y0 + 30 + room[i / cols], plot_bottom = y0 + ph + room[i / cols] - 44;

    std::vector<double> ys;
    for (const auto& s : p.series) ys.insert(ys.end(), s.y.begin(), s.y.end());
    const AxisTicks yt = value_ticks(ys, p.log, std::max(3, int((plot_bottom - plot_top) / 55)), false);
    const double left = x0 + std::min(widest_label(yt, kLabelSize), pw * 0.3) + 10, right = x0 + pw - 6;
    const AxisTicks xt = x_ticks(c, right - left);
    const Scale sx = scale_for(xt, left, right), sy = scale_for(yt, plot_bottom, plot_top);

    y_grid(svg, yt, sy, left, right);
    x_grid(svg, xt, sx, plot_top, plot_bottom);
    svg.line(left, plot_bottom, right, plot_bottom, fmt::format("stroke=\"{}\"", kAxis));
    svg.text((left + right) / 2, plot_bottom + 36, axis_title(c.x_name, c.x_unit, c.x_log),
             fmt::format("text-anchor=\"middle\" fill=\"{}\"", kMuted));
    svg.open_group(fmt::format("class=\"panel\" data-name=\"{}\"", xml_escape(p.name)));
    for (const auto& s : p.series) {
      svg.open_group(fmt::format("class=\"series\" data-label=\"{}\"", xml_escape(s.label)));
      draw_series(svg, s, sx, sy, yt.log);
      svg.close_group();
    }
    svg.close_group();
  }
  return svg.finish(kWidth, row_top[nrows] + kMargin - 24);
}

}  // namespace tco::rt::plot::draw
