#include "runtime/plot/draw.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "runtime/format.h"

namespace tco::rt::plot {

std::string render(const Chart& c) {
  switch (c.kind) {
    case ChartKind::Lines: return draw::draw_lines(c);
    case ChartKind::Bars: return draw::draw_bars(c);
    case ChartKind::Pareto: return draw::draw_pareto(c);
    case ChartKind::Histogram: return draw::draw_histogram(c);
  }
  return {};
}

namespace draw {

std::string color(size_t i) {
  static const char* kPalette[kPaletteSize] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                               "#CC79A7", "#56B4E9", "#000000"};
  return i == kNeutral ? "#555" : kPalette[i % kPaletteSize];
}

std::string dash_attr(size_t i) {
  static const char* kDashes[] = {"", "7 4", "2 3", "10 3 2 3"};
  const char* d = kDashes[i % 4];
  return *d ? fmt::format(" stroke-dasharray=\"{}\"", d) : "";
}

void marker(Svg& svg, size_t shape, double x, double y, double r, const std::string& attrs, std::string_view tip) {
  switch (shape % kMarkers) {
    case 0: svg.circle(x, y, r, attrs, tip); break;
    case 1: svg.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8, attrs, tip); break;
    case 2: svg.polygon({{x, y - r * 1.2}, {x + r * 1.1, y + r * 0.8}, {x - r * 1.1, y + r * 0.8}}, attrs, tip); break;
    default: svg.polygon({{x, y - r * 1.25}, {x + r * 1.1, y}, {x, y + r * 1.25}, {x - r * 1.1, y}}, attrs, tip); break;
  }
}

std::string value_label(double v, NumberStyle style) {
  std::string s = format_human(v, style);
  return style == NumberStyle::Ratio && std::isfinite(v) ? s + "×" : s;
}

std::string value_with_unit(double v, NumberStyle style, const std::string& unit) {
  std::string s = value_label(v, style);
  return unit.empty() || !std::isfinite(v) ? s : s + " " + unit;
}

std::string data_name(const Panel& p) {
  if (p.columns.empty()) return p.name;
  std::string s;
  for (const auto& c : p.columns) s += (s.empty() ? "" : ", ") + c;
  return s;
}

void mark_ratio(AxisTicks* t, NumberStyle style) {
  if (style != NumberStyle::Ratio) return;
  for (auto& tick : t->ticks) tick.label += "×";
}

double Scale::operator()(double v) const {
  double t;
  if (log) t = (std::log10(v) - std::log10(d0)) / (std::log10(d1) - std::log10(d0));
  else t = (v - d0) / (d1 - d0);
  return r0 + t * (r1 - r0);
}

Scale scale_for(const AxisTicks& axis, double r0, double r1) { return Scale{axis.lo, axis.hi, r0, r1, axis.log}; }

AxisTicks value_ticks(const std::vector<double>& values, bool log, int target, bool zero) {
  double lo = INFINITY, hi = -INFINITY;
  bool positive = true;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    positive = positive && v > 0;
  }
  if (lo > hi) return linear_axis(0, 1, target, true);
  if (log && positive) return log_axis(lo, hi, true, target * 2);  // log ticks are evenly spaced: more fit
  // Costs and throughputs are sizes: a floor at zero shows how they compare, unless the
  // data sit far from it (then the differences would be squeezed into a thin band).
  if (zero || (lo > 0 && lo < 0.6 * hi)) lo = std::min(lo, 0.0);
  if (zero || (hi < 0 && hi > 0.6 * lo)) hi = std::max(hi, 0.0);
  return linear_axis(lo, hi, target, true);
}

std::vector<std::string> wrap(const std::string& text, double size, double width) {
  std::vector<std::string> lines;
  std::string line;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    const std::string word = text.substr(i, j - i);
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_width(candidate, size) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    i = j + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::string fit(const std::string& text, double size, double width) {
  if (text_width(text, size) <= width) return text;
  std::string s = text;
  while (!s.empty() && text_width(s + "…", size) > width) {
    s.pop_back();
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();  // whole code points
    if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0) s.pop_back();
  }
  return s + "…";
}

namespace {
constexpr double kSwatch = 24, kLegendRow = 20, kLegendGap = 20;

double entry_width(const LegendEntry& e) { return kSwatch + 6 + text_width(e.label, kLegendSize) + kLegendGap; }

void swatch(Svg& svg, const LegendEntry& e, double x, double y) {
  const std::string c = color(e.style.color);
  switch (e.swatch) {
    case Swatch::Box: svg.rect(x + 4, y - 11, 16, 12, fmt::format("fill=\"{}\"", c)); return;
    case Swatch::Dot:
      marker(svg, e.style.marker, x + kSwatch / 2, y - 5, 4.5, fmt::format("fill=\"{}\"", c));
      return;
    case Swatch::Line: break;
  }
  svg.line(x, y - 5, x + kSwatch, y - 5, fmt::format("stroke=\"{}\" stroke-width=\"2.5\"{}", c, dash_attr(e.style.dash)));
  if (e.style.color != kNeutral || e.style.dash == 0)
    marker(svg, e.style.marker, x + kSwatch / 2, y - 5, 3.5, fmt::format("fill=\"{}\" stroke=\"#fff\"", c));
}
}  // namespace

double legend(Svg* svg, const std::vector<LegendEntry>& entries, double x, double y, double width) {
  if (entries.empty()) return 0;
  double cx = x, cy = y + 14;
  for (const auto& e : entries) {
    const double w = entry_width(e);
    if (cx > x && cx + w - kLegendGap > x + width) {
      cx = x;
      cy += kLegendRow;
    }
    if (svg) {
      swatch(*svg, e, cx, cy);
      svg->text(cx + kSwatch + 6, cy, e.label, fmt::format("font-size=\"{}\"", kLegendSize));
    }
    cx += w;
  }
  return cy - y + 6;
}

double header(Svg* svg, const Chart& c) {
  const double width = kWidth - 2 * kMargin;
  double y = kMargin + 4;
  for (const auto& line : wrap(c.title, kTitleSize, width)) {
    y += kTitleSize + 4;
    if (svg) svg->text(kMargin, y, line, fmt::format("font-size=\"{}\" font-weight=\"bold\"", kTitleSize));
  }
  for (const auto& sub : c.subtitle) {
    for (const auto& line : wrap(sub, kSubtitleSize, width)) {
      y += kSubtitleSize + 6;
      if (svg) svg->text(kMargin, y, line, fmt::format("font-size=\"{}\" fill=\"{}\"", kSubtitleSize, kMuted));
    }
  }
  y += 8;
  if (!c.legend.empty()) y += legend(svg, c.legend, kMargin, y, width) + 6;
  return y + 8;
}

double heading(Svg* svg, const Panel& p, double x, double y, double max_width) {
  std::string unit = p.unit.empty() ? "" : "  " + p.unit;
  if (p.log) unit += p.unit.empty() ? "  log scale" : ", log scale";
  const std::string note = p.note.empty() ? "" : "  · " + p.note;
  const double unit_w = text_width(unit, kHeadingSize), note_w = text_width(note, kHeadingSize - 1);
  const bool inline_note = text_width(p.name, kHeadingSize) + unit_w + note_w <= max_width;
  if (!svg) return note.empty() || inline_note ? 0 : 17;
  const std::string name = fit(p.name, kHeadingSize, std::max(60.0, max_width - unit_w - (inline_note ? note_w : 0)));
  std::string markup = fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\"><tspan font-weight=\"bold\">{}</tspan>",
                                   num(x), num(y), kHeadingSize, xml_escape(name));
  if (!unit.empty()) markup += fmt::format("<tspan fill=\"{}\">{}</tspan>", kMuted, xml_escape(unit));
  if (!note.empty() && inline_note)
    markup += fmt::format("<tspan fill=\"{}\" font-size=\"{}\">{}</tspan>", kAccent, kHeadingSize - 1, xml_escape(note));
  svg->raw(markup + "</text>\n");
  if (note.empty() || inline_note) return 0;
  svg->text(x, y + 17, p.note, fmt::format("fill=\"{}\" font-size=\"{}\"", kAccent, kHeadingSize - 1));
  return 17;
}

double widest_label(const AxisTicks& t, double size) {
  double w = 0;
  for (const auto& tick : t.ticks) w = std::max(w, text_width(tick.label, size));
  return w;
}

void y_grid(Svg& svg, const AxisTicks& t, const Scale& sy, double x0, double x1) {
  for (const auto& tick : t.ticks) {
    const double y = sy(tick.value);
    svg.line(x0, y, x1, y, fmt::format("stroke=\"{}\"", tick.value == 0 && !t.log ? kAxis : kGrid));
    svg.text(x0 - 6, y + 4, tick.label, fmt::format("text-anchor=\"end\" fill=\"{}\"", kMuted));
  }
}

void x_grid(Svg& svg, const AxisTicks& t, const Scale& sx, double y_top, double y_bottom, bool grid) {
  const size_t n = t.ticks.size();
  // The smallest stride at which every kept label clears its neighbour by 8px.
  size_t stride = 1;
  for (; stride < n; ++stride) {
    bool clear = true;
    double right = -INFINITY;
    for (size_t i = 0; i < n; i += stride) {
      const double x = sx(t.ticks[i].value), w = text_width(t.ticks[i].label, kLabelSize);
      if (x - w / 2 < right + 8) clear = false;
      right = x + w / 2;
    }
    if (clear) break;
  }
  for (size_t i = 0; i < n; ++i) {
    const double x = sx(t.ticks[i].value);
    if (grid) svg.line(x, y_top, x, y_bottom, fmt::format("stroke=\"{}\"", kGrid));
    svg.line(x, y_bottom, x, y_bottom + 4, fmt::format("stroke=\"{}\"", kAxis));
    if (i % stride == 0)
      svg.text(x, y_bottom + 17, t.ticks[i].label, fmt::format("text-anchor=\"middle\" fill=\"{}\"", kMuted));
  }
}

std::vector<std::pair<double, double>> thin(const std::vector<std::pair<double, double>>& points) {
  std::vector<std::pair<double, double>> out;
  for (const auto& p : points) {
    if (!out.empty() && std::fabs(p.first - out.back().first) < 0.5 && std::fabs(p.second - out.back().second) < 0.5)
      continue;
    out.push_back(p);
  }
  return out;
}

std::string axis_title(const std::string& name, const std::string& unit, bool log) {
  std::string s = unit.empty() ? name : name + " (" + unit + ")";
  return log ? s + ", log scale" : s;
}

}  // namespace draw
}  // namespace tco::rt::plot
