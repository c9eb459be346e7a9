// A simulation's histogram: its samples, with the summaries it shows marked on them.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "runtime/format.h"
#include "runtime/plot/choose.h"
#include "runtime/plot/ticks.h"
#include "runtime/writers.h"

namespace tco::rt::plot::chooser {

// ---- histogram -----------------------------------------------------------------------

std::string agg_label(const AggSpec& a) {
  switch (a.kind) {
    case Agg::Mean: return "mean";
    case Agg::Min: return "min";
    case Agg::Max: return "max";
    case Agg::Percentile:
    case Agg::Sketch: return "p" + format_exact(a.p);
    default: return "";  // sum, count, stddev: not a place on the distribution
  }
}

// "p90(cost)" -> "cost"; "percentile(cost, 95%)" -> "cost".
std::string inner_name(const std::string& name, bool percentile) {
  const size_t open = name.find('('), close = name.rfind(')');
  if (open == std::string::npos || close != name.size() - 1 || close <= open) return name;
  std::string in = name.substr(open + 1, close - open - 1);
  if (percentile) {
    int depth = 0;
    size_t comma = std::string::npos;
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '(') ++depth;
      else if (in[i] == ')') --depth;
      else if (in[i] == ',' && depth == 0) comma = i;
    }
    if (comma != std::string::npos) in = in.substr(0, comma);
  }
  while (!in.empty() && in.back() == ' ') in.pop_back();
  return in.empty() ? name : in;
}

ChartChoice histogram_chart(const Table& t, const StudyShape& s) {
  ChartChoice choice;
  if (s.cloud.empty()) {
    choice.why = "no sample met `where`";
    return choice;
  }
  Chart c;
  c.kind = ChartKind::Histogram;
  c.title = t.title;
  std::string drawn;
  if (s.cloud.size() >= kSampleCap)
    drawn = fmt::format("histogram of the first {} samples", format_human(double(s.cloud.size()), NumberStyle::Count));
  c.subtitle = subtitle(t, drawn);
  const bool summary = s.reduction == ReduceSpec::Summary && t.rows.size() == 1;
  // Columns computed from the same expression (p10(cost), p90(cost)) have the same samples
  // and share one histogram, which marks each of their statistics.
  std::vector<std::vector<size_t>> groups;
  for (size_t col = 0; col < t.columns.size(); ++col) {
    if (!numeric(s.cloud, col)) continue;
    if (summary && col < s.aggs.size() && s.aggs[col].kind == Agg::Count) continue;
    auto same = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
      if (t.columns[g[0]].unit != t.columns[col].unit) return false;
      for (const auto& r : s.cloud) {
        const double a = r[g[0]].number, b = r[col].number;
        if (!(a == b || (std::isnan(a) && std::isnan(b)))) return false;
      }
      return true;
    });
    if (same != groups.end()) same->push_back(col);
    else groups.push_back({col});
  }
  if (groups.empty()) {
    choice.why = "no numeric column to draw";
    return choice;
  }
  for (const auto& cols : groups) {
    Panel p;
    const Agg kind = summary && cols[0] < s.aggs.size() ? s.aggs[cols[0]].kind : Agg::Mean;
    const bool pct = kind == Agg::Percentile || kind == Agg::Sketch;
    p.name = summary ? inner_name(t.columns[cols[0]].name, pct) : t.columns[cols[0]].name;
    p.unit = t.columns[cols[0]].unit;
    p.style = t.columns[cols[0]].style;
    std::vector<double> v;
    size_t other = 0;
    for (const auto& r : s.cloud) {
      if (std::isfinite(r[cols[0]].number)) v.push_back(r[cols[0]].number);
      else ++other;
    }
    if (v.empty()) continue;
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    // The middle 99.8%: a long tail would squeeze the body of the distribution into a few bins.
    const double last = double(sorted.size() - 1);
    double lo = sorted[size_t(std::floor(last * 0.001))];
    double hi = sorted[size_t(std::ceil(last * 0.999))];
    if (summary) {
      for (size_t col : cols) {
        const std::string label = col < s.aggs.size() ? agg_label(s.aggs[col]) : "";
        const double m = t.rows[0][col].number;
        if (label.empty() || !std::isfinite(m)) continue;
        p.markers.push_back({label, m});
        lo = std::min(lo, m);
        hi = std::max(hi, m);
      }
    }
    if (!(hi > lo)) {
      const double d = lo == 0 ? 1 : std::fabs(lo) * 0.05;
      lo -= d;
      hi += d;
    }
    const double step = nice_step(hi - lo, 40);
    const double start = std::floor(lo / step) * step;
    const size_t bins = std::max<size_t>(1, size_t(std::ceil((hi - start) / step - 1e-9)));
    for (size_t b = 0; b <= bins; ++b) p.edges.push_back(start + double(b) * step);
    Series counts;
    counts.y.assign(bins, 0);
    for (double x : v) {
      const double f = (x - start) / step;
      if (f < 0 || f > double(bins)) {
        ++other;
        continue;
      }
      counts.y[std::min(bins - 1, size_t(f))] += 1;
    }
    p.series.push_back(std::move(counts));
    if (other)
      p.footnote = fmt::format("{} of {} samples fall outside the axis and are not drawn",
                               format_human(double(other), NumberStyle::Count),
                               format_human(double(s.cloud.size()), NumberStyle::Count));
    c.panels.push_back(std::move(p));
  }
  if (c.panels.empty()) {
    choice.why = "no finite sample to draw";
    return choice;
  }
  choice.chart = std::move(c);
  return choice;
}

}  // namespace tco::rt::plot::chooser
