// Histograms of a simulation's samples, one panel per distinct expression, each statistic
// the simulation shows (p10, p50, mean, ...) marked by a labelled vertical line.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "runtime/format.h"
#include "runtime/plot/draw.h"

namespace tco::rt::plot::draw {
namespace {

constexpr double kPanelHeight = 300;
constexpr double kMarkRow = 15;  // marker labels that would touch go up a row
constexpr const char* kMarkColor = "#D55E00";

}  // namespace

std::string draw_histogram(const Chart& c) {
  Svg svg(c.title, "histogram");
  const double top = header(&svg, c);
  double y0 = top;
  for (const Panel& p : c.panels) {
    const double h = heading(&svg, p, kMargin, y0 + 14, kWidth - 2 * kMargin);
    const Series& counts = p.series.at(0);
    // Marker labels, placed left to right, each on the lowest row where it clears the others.
    struct Placed {
      double x, w;
      size_t row;
    };
    std::vector<Placed> placed;
    size_t rows = 0;
    std::vector<std::string> texts;
    for (const auto& m : p.markers) texts.push_back(fmt::format("{} {}", m.label, format_human(m.value, p.style)));

    const double plot_top_min = y0 + 34 + h;
    double most = 0;
    for (double n : counts.y) most = std::max(most, n);
    // Counts are whole: a few samples get a tick per sample, never 0.5 of one.
    const AxisTicks yt = most <= 5 ? linear_axis(0, std::max(1.0, most), int(std::max(1.0, most)), true)
                                   : value_ticks(counts.y, false, 4, true);
    const double left = kMargin + widest_label(yt, kLabelSize) + 10, right = kWidth - kMargin - 6;
    AxisTicks xt = linear_axis(p.edges.front(), p.edges.back(), int((right - left) / 90), false);
    const Scale sx = scale_for(xt, left, right);

    std::vector<size_t> order(p.markers.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p.markers[a].value < p.markers[b].value; });
    placed.resize(p.markers.size());
    for (size_t i : order) {
      const double x = sx(p.markers[i].value), w = text_width(texts[i], 11);
      size_t row = 0;
      for (bool clash = true; clash; ) {
        clash = false;
        for (size_t j : order) {
          if (j == i) break;
          if (placed[j].row == row && std::fabs(placed[j].x - x) < (placed[j].w + w) / 2 + 6) clash = true;
        }
        if (clash) ++row;
      }
      placed[i] = {x, w, row};
      rows = std::max(rows, row + 1);
    }
    const double plot_top = plot_top_min + double(rows) * kMarkRow + 4;
    const double plot_bottom = y0 + kPanelHeight - 44 + double(rows) * kMarkRow;
    const Scale sy = scale_for(yt, plot_bottom, plot_top);

    y_grid(svg, yt, sy, left, right);
    x_grid(svg, xt, sx, plot_top, plot_bottom, false);
    double binned = 0;
    for (double n : counts.y) binned += n;
    svg.open_group(fmt::format("class=\"histogram\" data-name=\"{}\" data-samples=\"{}\" fill=\"{}\"",
                               xml_escape(p.name), num(binned), color(5)));
    for (size_t b = 0; b < counts.y.size(); ++b) {
      if (counts.y[b] <= 0) continue;
      const double xa = sx(p.edges[b]), xb = sx(p.edges[b + 1]);
      const std::string tip = fmt::format("{} to {}: {} samples", value_with_unit(p.edges[b], p.style, ""),
                                          value_with_unit(p.edges[b + 1], p.style, p.unit),
                                          format_human(counts.y[b], NumberStyle::Count));
      svg.rect(xa + 0.5, sy(counts.y[b]), std::max(0.5, xb - xa - 1), plot_bottom - sy(counts.y[b]), "", tip);
    }
    svg.close_group();
    svg.line(left, plot_bottom, right, plot_bottom, fmt::format("stroke=\"{}\"", kAxis));
    // Every line before any label, and labels with a white halo: a marker bumped up a row
    // has its line pass through the label below it.
    for (size_t i = 0; i < p.markers.size(); ++i) {
      const double ly = plot_top - 6 - double(placed[i].row) * kMarkRow;
      svg.line(placed[i].x, ly + 3, placed[i].x, plot_bottom, fmt::format("stroke=\"{}\" stroke-width=\"1.5\"", kMarkColor));
    }
    for (size_t i = 0; i < p.markers.size(); ++i) {
      const double ly = plot_top - 6 - double(placed[i].row) * kMarkRow;
      svg.text(placed[i].x, ly, texts[i],
               fmt::format("text-anchor=\"middle\" font-size=\"11\" fill=\"{}\" stroke=\"#fff\" "
                           "stroke-width=\"4\" paint-order=\"stroke\"",
                           kMarkColor));
    }
    std::string xtitle = axis_title(p.name, p.unit, false);
    svg.text((left + right) / 2, plot_bottom + 36, xtitle, fmt::format("text-anchor=\"middle\" fill=\"{}\"", kMuted));
    svg.text(kMargin, plot_top - 10 - double(rows) * kMarkRow, "samples",
             fmt::format("font-size=\"11\" fill=\"{}\"", kMuted));
    double next = plot_bottom + 44;
    if (!p.footnote.empty()) {
      svg.text(left, next + 6, p.footnote, fmt::format("font-size=\"11\" fill=\"{}\"", kMuted));
      next += 16;
    }
    y0 = next + 12;
  }
  return svg.finish(kWidth, y0 + kMargin - 20);
}

}  // namespace tco::rt::plot::draw
