// Bar charts: categories down the side, named once per row of panels; a panel per figure,
// horizontal bars (long GPU names stay readable), each bar's value written at its end.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "runtime/format.h"
#include "runtime/plot/draw.h"

namespace tco::rt::plot::draw {
namespace {

constexpr double kBarGap = 28;
constexpr size_t kPerRow = 3;
constexpr double kValueSize = 11;
constexpr double kOverrun = 18;  // how far a broken bar runs past the axis's end

std::string bar_label(double v, NumberStyle style, bool winner) {
  return winner ? value_label(v, style) + " · best" : value_label(v, style);
}

}  // namespace

std::string draw_bars(const Chart& c) {
  const size_t n = c.panels.size(), ncat = c.categories.size();
  double label_w = 0;
  for (const auto& cat : c.categories) label_w = std::max(label_w, text_width(cat, kLabelSize));
  label_w = std::min(label_w, 240.0) + 14;
  const size_t per_row = std::min(n, kPerRow);
  // A row with fewer panels (the last) spreads them over the whole width.
  auto panel_width = [&](size_t r) {
    const size_t k = std::min(per_row, n - r * per_row);
    return (kWidth - 2 * kMargin - label_w - double(k - 1) * kBarGap) / double(k);
  };
  // Each row of panels sizes its bands for its most crowded panel, and makes room for its
  // tallest heading (a note on a second line, a panel legend).
  struct Row {
    double top, head = 0, thick = 18, band = 24;
  };
  const size_t nrows = (n + per_row - 1) / per_row;
  std::vector<Row> rows(nrows);
  Svg svg(c.title, "bars");
  double y = header(&svg, c);
  for (size_t r = 0; r < nrows; ++r) {
    size_t nser = 1;
    const double pw = panel_width(r);
    for (size_t i = r * per_row; i < n && i < (r + 1) * per_row; ++i) {
      const Panel& p = c.panels[i];
      nser = std::max(nser, p.series.size());
      rows[r].head = std::max(rows[r].head, heading(nullptr, p, 0, 0, pw) + legend(nullptr, p.legend, 0, 0, pw));
    }
    rows[r].thick = std::min(18.0, std::max(7.0, 28.0 / double(nser)));
    rows[r].band = std::max(24.0, rows[r].thick * double(nser) + 10);
    rows[r].top = y;
    y += 30 + rows[r].head + rows[r].band * double(ncat) + 34;
  }

  for (size_t i = 0; i < n; ++i) {
    const Panel& p = c.panels[i];
    const size_t col = i % per_row;
    const Row& row = rows[i / per_row];
    const double y0 = row.top, band = row.band, thick = row.thick, pw = panel_width(i / per_row);
    const double x0 = kMargin + label_w + double(col) * (pw + kBarGap);
    const double bars_top = y0 + 30 + row.head, bars_bottom = bars_top + band * double(ncat);
    if (col == 0) {
      for (size_t k = 0; k < ncat; ++k) {
        const double yc = bars_top + band * (double(k) + 0.5);
        if (k % 2 == 0)
          svg.rect(kMargin, bars_top + band * double(k), kWidth - 2 * kMargin, band, "fill=\"#f5f5f5\"");
        svg.text(kMargin + label_w - 10, yc + 4, fit(c.categories[k], kLabelSize, label_w - 14),
                 int(k) == c.winner ? "text-anchor=\"end\" font-weight=\"bold\"" : "text-anchor=\"end\"");
      }
    }
    const double h = heading(&svg, p, x0, y0 + 16, pw);
    legend(&svg, p.legend, x0, y0 + 20 + h, pw);
    const size_t here = std::max<size_t>(1, p.series.size());

    // The objective's panel names the winner beside its bar.
    const bool marks_winner = c.winner >= 0 && !p.note.empty();
    const bool capped = std::isfinite(p.cap);
    std::vector<double> values;
    double label_room = 0;
    bool broken = false;
    for (const auto& s : p.series)
      for (size_t k = 0; k < s.y.size(); ++k) {
        const double v = s.y[k];
        if (std::isnan(v)) continue;
        const bool past = capped && std::isfinite(v) && v > p.cap;
        broken = broken || past;
        values.push_back(past ? p.cap : v);
        label_room = std::max(label_room, text_width(bar_label(v, p.style, marks_winner && int(k) == c.winner), kValueSize));
      }
    // A broken bar runs past the axis's end, by the break and a little more.
    const double overrun = broken ? kOverrun : 0;
    AxisTicks xt = value_ticks(values, false, std::max(3, int(pw / 60)), true);
    mark_ratio(&xt, p.style);
    const Scale sx = scale_for(xt, x0 + 2, x0 + pw - label_room - 8 - overrun);
    x_grid(svg, xt, sx, bars_top, bars_bottom);
    const double zero = sx(std::clamp(0.0, xt.lo, xt.hi));
    svg.open_group(fmt::format("class=\"panel\" data-name=\"{}\"", xml_escape(data_name(p))));
    for (size_t g = 0; g < p.series.size(); ++g) {
      const Series& s = p.series[g];
      svg.open_group(fmt::format("class=\"series\" data-label=\"{}\" fill=\"{}\"", xml_escape(s.label),
                                 color(s.style.color)));
      for (size_t k = 0; k < s.y.size() && k < ncat; ++k) {
        const double v = s.y[k];
        if (std::isnan(v)) continue;
        const double y = bars_top + band * double(k) + (band - thick * double(here)) / 2 + thick * double(g);
        if (std::isinf(v)) {
          // No figure (`none`): say so where the bar would start.
          svg.text(zero + 4, y + thick / 2 + 4, value_label(v, p.style),
                   fmt::format("font-size=\"{}\" fill=\"{}\" font-style=\"italic\"", kValueSize, kMuted));
          continue;
        }
        const bool past = capped && v > xt.hi;
        const double x = past ? sx(xt.hi) + overrun : sx(v);
        // "L4 · rented: 35.72 $/Mtok", "Gaudi 3: per gpu = 1,229 tok/s".
        const std::string tip = c.categories[k] + (p.series.size() > 1 ? " · " + s.label : "") + ": " +
                                (p.columns.size() == 1 ? p.name + " = " : "") + value_with_unit(v, p.style, p.unit);
        svg.rect(std::min(x, zero), y + 0.5, std::max(std::fabs(x - zero), 1.0), thick - 1, "", tip);
        // The break: two white slashes across the bar where the axis ends.
        for (double dx : {0.0, 5.0}) {
          if (!past) break;
          const double bx = sx(xt.hi) + 4 + dx;
          svg.line(bx - 3, y + thick + 1, bx + 3, y - 1, "stroke=\"#fff\" stroke-width=\"2\"");
        }
        const bool neg = v < 0;
        const bool win = marks_winner && int(k) == c.winner;
        svg.text(neg ? std::min(x, zero) - 4 : std::max(x, zero) + 4, y + thick / 2 + 4, bar_label(v, p.style, win),
                 fmt::format("font-size=\"{}\" fill=\"{}\"{}{}", kValueSize, win ? kAccent : kInk,
                             win ? " font-weight=\"bold\"" : "", neg ? " text-anchor=\"end\"" : ""));
      }
      svg.close_group();
    }
    svg.close_group();
    svg.line(zero, bars_top, zero, bars_bottom, fmt::format("stroke=\"{}\"", kAxis));
  }
  return svg.finish(kWidth, y + kMargin - 20);
}

}  // namespace tco::rt::plot::draw
