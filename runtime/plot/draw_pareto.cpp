// Pareto charts: the two objectives on x and y, every point that met `where` faint in its
// group's colour, the frontier joined by a dark line with its points ringed.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "runtime/plot/draw.h"

namespace tco::rt::plot::draw {

std::string draw_pareto(const Chart& c) {
  Svg svg(c.title, "pareto");
  const double top = header(&svg, c);
  const Panel& p = c.panels.at(0);
  const double h = heading(&svg, p, kMargin, top + 14, kWidth - 2 * kMargin);
  const double plot_top = top + 30 + h, plot_bottom = plot_top + 440;

  std::vector<double> xs, ys;
  for (const auto& s : p.series) {
    xs.insert(xs.end(), s.x.begin(), s.x.end());
    ys.insert(ys.end(), s.y.begin(), s.y.end());
  }
  // Neither objective is a size that must start at zero: the frontier's shape is the point.
  AxisTicks yt = value_ticks(ys, p.log, 8, false);
  mark_ratio(&yt, p.style);
  const double left = kMargin + std::min(widest_label(yt, kLabelSize), 200.0) + 10, right = kWidth - kMargin - 6;
  const AxisTicks xt = value_ticks(xs, c.x_log, int((right - left) / 90), false);
  const Scale sx = scale_for(xt, left, right), sy = scale_for(yt, plot_bottom, plot_top);
  // A point's tooltip: its group (or frontier label) and both objectives in their units.
  auto tip = [&](const std::string& who, double x, double y) {
    return fmt::format("{}{} = {}, {} = {}", who.empty() ? "" : who + ": ", c.x_name,
                       value_with_unit(x, NumberStyle::Plain, c.x_unit), p.name, value_with_unit(y, p.style, p.unit));
  };

  y_grid(svg, yt, sy, left, right);
  x_grid(svg, xt, sx, plot_top, plot_bottom);
  svg.line(left, plot_bottom, right, plot_bottom, fmt::format("stroke=\"{}\"", kAxis));
  std::string xtitle = axis_title(c.x_name, c.x_unit, xt.log);
  if (!c.x_note.empty()) xtitle += "  · " + c.x_note;
  svg.text((left + right) / 2, plot_bottom + 36, xtitle, fmt::format("text-anchor=\"middle\" fill=\"{}\"", kMuted));

  for (const auto& s : p.series) {
    if (s.frontier) continue;
    // Faint, but with an outline strong enough to tell the colours apart.
    const std::string col = color(s.style.color);
    svg.open_group(fmt::format("class=\"cloud\" data-label=\"{}\" fill=\"{}\" fill-opacity=\"0.35\" stroke=\"{}\" "
                               "stroke-opacity=\"0.6\"",
                               xml_escape(s.label), col, col));
    // A point drawn where one of its group already is (to a quarter pixel) adds nothing.
    std::set<std::pair<long, long>> drawn;
    for (size_t i = 0; i < s.x.size(); ++i) {
      const double x = sx(s.x[i]), y = sy(s.y[i]);
      if (drawn.insert({std::lround(x * 4), std::lround(y * 4)}).second)
        marker(svg, s.style.marker, x, y, 4, "", tip(s.label, s.x[i], s.y[i]));
    }
    svg.close_group();
  }
  for (const auto& s : p.series) {
    if (!s.frontier) continue;
    svg.open_group(fmt::format("class=\"frontier\" data-label=\"{}\"", xml_escape(s.label)));
    std::vector<std::pair<double, double>> pts;
    for (size_t i = 0; i < s.x.size(); ++i) pts.emplace_back(sx(s.x[i]), sy(s.y[i]));
    if (pts.size() >= 2) svg.polyline(thin(pts), fmt::format("stroke=\"{}\" stroke-width=\"1.75\" stroke-linejoin=\"round\"", kInk));
    // A frontier of thousands of points (two objectives that always trade off) is a line.
    const bool points = pts.size() <= kMaxFrontierPoints;
    for (size_t i = 0; points && i < pts.size(); ++i) {
      const Style st = i < s.styles.size() ? s.styles[i] : Style{kNeutral, 0, 0};
      const std::string who = i < s.labels.size() && !s.labels[i].empty()
                                  ? fmt::format("frontier point, {} {}", s.labels_name, s.labels[i])
                                  : "frontier point";
      marker(svg, st.marker, pts[i].first, pts[i].second, 5,
             fmt::format("fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"", color(st.color), kInk),
             tip(who, s.x[i], s.y[i]));
    }
    // Labels up and to the right of their point, skipped where they would overlap one already
    // placed or leave the plot: a crowded end of the frontier keeps a few, not a smudge.
    struct Box {
      double x0, y0, x1, y1;
    };
    std::vector<Box> boxes;
    for (size_t i = 0; points && i < pts.size() && i < s.labels.size(); ++i) {
      if (s.labels[i].empty()) continue;
      const double w = text_width(s.labels[i], 11);
      Box b{pts[i].first + 7, pts[i].second - 19, pts[i].first + 7 + w, pts[i].second - 6};
      if (b.x1 > right || b.y0 < plot_top) b = Box{pts[i].first - 7 - w, pts[i].second + 6, pts[i].first - 7, pts[i].second + 19};
      bool clash = b.x0 < left || b.y1 > plot_bottom;
      for (const Box& o : boxes) clash = clash || (b.x0 < o.x1 + 3 && o.x0 < b.x1 + 3 && b.y0 < o.y1 && o.y0 < b.y1);
      for (const auto& q : pts) clash = clash || (q.first > b.x0 - 4 && q.first < b.x1 + 4 && q.second > b.y0 - 4 && q.second < b.y1 + 4);
      if (clash) continue;
      boxes.push_back(b);
      svg.text(b.x0, b.y1 - 3, s.labels[i], fmt::format("font-size=\"11\" fill=\"{}\"", kInk));
    }
    svg.close_group();
  }
  return svg.finish(kWidth, plot_bottom + 44 + kMargin - 8);
}

}  // namespace tco::rt::plot::draw
