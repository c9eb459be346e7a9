// A line chart: one numeric axis along x, a line per group of the other axes' values.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "runtime/format.h"
#include "runtime/plot/choose.h"
#include "runtime/plot/ticks.h"
#include "runtime/writers.h"

namespace tco::rt::plot::chooser {

// ---- lines ---------------------------------------------------------------------------

// The numeric axis to put along x: one shown directly beats one shown through an
// expression, a range beats a list, more points beat fewer, a later axis an earlier one. An
// axis shown as text (a GPU's name) is a category, never x; a list needs three values to
// make a line worth drawing.
std::optional<XChoice> choose_x(const Table& t, const StudyShape& s, uint64_t ident) {
  std::optional<XChoice> best;
  std::tuple<int, int, size_t, size_t> best_score{};
  for (size_t k = 0; k < s.axes.size(); ++k) {
    if (!(ident & bit(k)) || s.axes[k].size < 2) continue;
    int col = s.axes[k].column;
    const bool exact = col >= 0 && numeric(t.rows, size_t(col));
    if (col >= 0 && !exact) continue;
    if (!exact) {
      for (size_t c = 0; c < t.columns.size() && c < s.depends.size() && col < 0; ++c)
        if (s.depends[c] == bit(k) && numeric(t.rows, c)) col = static_cast<int>(c);
    }
    if (col < 0) continue;
    std::vector<double> xs;
    for (const auto& r : t.rows)
      if (std::isfinite(r[size_t(col)].number)) xs.push_back(r[size_t(col)].number);
    std::sort(xs.begin(), xs.end());
    const size_t distinct = size_t(std::unique(xs.begin(), xs.end()) - xs.begin());
    const bool range = s.axes[k].scale != AxisScale::List;
    if (distinct < (range ? 2u : 3u)) continue;
    std::tuple<int, int, size_t, size_t> score{exact, range, distinct, k};
    if (!best || score > best_score) {
      best = XChoice{k, col};
      best_score = score;
    }
  }
  return best;
}

ChartChoice lines_chart(const Table& t, const StudyShape& s, uint64_t ident, XChoice x) {
  ChartChoice choice;
  Chart c;
  c.kind = ChartKind::Lines;
  c.title = t.title;
  c.subtitle = subtitle(t, reduction_text(t, s));
  const size_t xc = size_t(x.column);
  c.x_name = column_label(t.columns[xc]);
  c.x_unit = t.columns[xc].unit;

  std::vector<int> group_cols;
  std::vector<bool> is_label(t.columns.size(), false);
  is_label[xc] = true;
  for (size_t k = 0; k < s.axes.size(); ++k) {
    if (!(ident & bit(k)) || s.axes[k].size < 2 || k == x.axis) continue;
    const int lc = label_column(s, t, k);
    if (lc < 0) {
      choice.why = unavailable_axis(s.axes[k]);
      return choice;
    }
    group_cols.push_back(lc);
    is_label[size_t(lc)] = true;
  }

  std::vector<double> xs;
  for (const auto& r : t.rows) xs.push_back(r[xc].number);
  bool positive = std::all_of(xs.begin(), xs.end(), [](double v) { return !(v <= 0); });
  if (s.axes[x.axis].scale == AxisScale::Geometric && positive) {
    c.x_log = true;
    if (s.axes[x.axis].column == x.column) {
      std::vector<double> at;
      for (double v : xs)
        if (std::isfinite(v)) at.push_back(v);
      std::sort(at.begin(), at.end());
      at.erase(std::unique(at.begin(), at.end()), at.end());
      if (at.size() <= 16) c.x_ticks_at = at;
    }
  } else if (s.axes[x.axis].scale == AxisScale::List || s.axes[x.axis].column != x.column) {
    // A list, or an expression of the axis (1 / slo), has no spacing of its own: judge by the data.
    c.x_log = wants_log(xs);
  }  // an evenly stepped range stays linear, as it was written

  // The figures: every number that is not a label (one that does not change along x draws
  // flat lines, which says just that).
  std::vector<size_t> metrics;
  for (size_t col = 0; col < t.columns.size(); ++col)
    if (!is_label[col] && numeric(t.rows, col)) metrics.push_back(col);
  if (metrics.empty()) {
    choice.why = "no figure besides the axes to draw";
    return choice;
  }

  const Groups groups = group_rows(t, t.rows, group_cols);
  const size_t ng = groups.names.size();
  if (ng > kMaxLines) {
    choice.why = fmt::format("{} lines, too many to tell apart; narrow the sweep, or keep the best of each with `best ... by`",
                           ng);
    return choice;
  }
  // Rows in x order within each group, whatever order the axes came in.
  std::vector<size_t> order(t.rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return xs[a] < xs[b]; });

  // The cost of four GPUs side by side.
  for (const auto& cols : panels_by_unit(t, metrics, [](size_t, size_t) { return true; })) {
    Panel p;
    p.unit = t.columns[cols[0]].unit;
    p.style = t.columns[cols[0]].style;
    std::vector<double> all;
    for (size_t j = 0; j < cols.size(); ++j) {
      p.name += (j ? ", " : "") + column_label(t.columns[cols[j]]);
      p.columns.push_back(t.columns[cols[j]].name);
      const size_t first = p.series.size();
      for (size_t g = 0; g < ng; ++g) {
        Series ser;
        if (cols.size() == 1) {
          ser.style = group_style(g);
          ser.label = groups.names[g];
        } else if (ng == 1) {
          ser.style = group_style(j);
          ser.label = column_label(t.columns[cols[j]]);
        } else {
          ser.style = group_style(g);
          ser.style.dash = j;
          ser.label = groups.names[g] + " · " + column_label(t.columns[cols[j]]);
        }
        for (size_t i : order) {
          if (groups.of_row[i] != g || !std::isfinite(xs[i])) continue;
          ser.x.push_back(xs[i]);
          ser.y.push_back(t.rows[i][cols[j]].number);
          all.push_back(ser.y.back());
        }
        p.series.push_back(std::move(ser));
      }
      // A column is stepped as a whole: every line of a count, or none.
      std::vector<std::vector<double>> ys;
      for (size_t k = first; k < p.series.size(); ++k) ys.push_back(p.series[k].y);
      const bool step = holds_between_points(ys);
      for (size_t k = first; k < p.series.size(); ++k) p.series[k].step = step;
      if (cols.size() > 1) {
        Style st = ng == 1 ? group_style(j) : Style{kNeutral, j, 0};
        p.legend.push_back({column_label(t.columns[cols[j]]), st, Swatch::Line});
      }
    }
    if (cols.size() == 1) p.note = objective_direction(s, cols[0]);
    p.log = wants_log(all);
    if (p.series.size() > 1) p.same = coinciding(p.series);
    c.direct_labels = c.direct_labels || p.series.size() > kDirectLabels;
    c.panels.push_back(std::move(p));
  }
  if (ng > 1)
    for (size_t g = 0; g < ng; ++g) c.legend.push_back({groups.names[g], group_style(g), Swatch::Line});
  choice.chart = std::move(c);
  return choice;
}

}  // namespace tco::rt::plot::chooser
