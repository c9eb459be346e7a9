// A Pareto chart: the two objectives against each other, the frontier over the cloud.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "runtime/format.h"
#include "runtime/plot/choose.h"
#include "runtime/plot/ticks.h"
#include "runtime/writers.h"

namespace tco::rt::plot::chooser {

// ---- pareto --------------------------------------------------------------------------

ChartChoice pareto_chart(const Table& t, const StudyShape& s) {
  ChartChoice choice;
  if (s.objectives.size() != 2 || s.objectives[0] < 0 || s.objectives[1] < 0 ||
      !numeric(t.rows, size_t(s.objectives[0])) || !numeric(t.rows, size_t(s.objectives[1]))) {
    choice.why = "the two Pareto objectives are not both shown, so there is nothing to put on the axes; show them";
    return choice;
  }
  const size_t ox = size_t(s.objectives[0]), oy = size_t(s.objectives[1]);
  const bool max_x = s.maximize.size() > 0 && s.maximize[0], max_y = s.maximize.size() > 1 && s.maximize[1];
  Chart c;
  c.kind = ChartKind::Pareto;
  c.title = t.title;
  c.subtitle = subtitle(t, fmt::format("Pareto frontier: {} {} and {} {}", max_x ? "highest" : "lowest",
                                       column_label(t.columns[ox]), max_y ? "highest" : "lowest",
                                       column_label(t.columns[oy])));
  if (s.cloud_overflowed)
    c.subtitle.push_back(fmt::format("more than {} points met `where`: only the frontier is drawn",
                                     format_human(double(kCloudCap), NumberStyle::Count)));
  c.x_name = column_label(t.columns[ox]);
  c.x_unit = t.columns[ox].unit;
  c.x_note = direction(max_x);

  // Points are coloured by the list axes (GPU, precision): what an analyst picks between.
  // Range axes (batch) move a point along its group's curve.
  std::vector<int> group_cols;
  for (size_t k = 0; k < s.axes.size(); ++k) {
    if (s.axes[k].size < 2 || s.axes[k].scale != AxisScale::List) continue;
    const int lc = label_column(s, t, k);
    if (lc >= 0 && size_t(lc) != ox && size_t(lc) != oy) group_cols.push_back(lc);
  }
  // Frontier points are labelled with the range axes' values: which batch sits where.
  std::vector<int> along_cols;
  std::string along;
  for (size_t k = 0; k < s.axes.size(); ++k) {
    if (s.axes[k].size < 2 || s.axes[k].scale == AxisScale::List) continue;
    const int lc = label_column(s, t, k);
    if (lc < 0 || size_t(lc) == ox || size_t(lc) == oy) continue;
    along_cols.push_back(lc);
    along += (along.empty() ? "" : ", ") + column_label(t.columns[size_t(lc)]);
  }
  auto point_label = [&](const std::vector<Cell>& row) {
    std::string label;
    for (int lc : along_cols) {
      const Column& col = t.columns[size_t(lc)];
      const std::string v = row[size_t(lc)].kind == CellKind::Number ? format_human(row[size_t(lc)].number, col.style)
                                                                      : value_text(col, row[size_t(lc)]);
      label += (label.empty() ? "" : ", ") + (along_cols.size() > 1 ? column_label(col) + " " + v : v);
    }
    return label;
  };
  // Without a cloud (too many points, or none collected) the frontier is all there is.
  static const std::vector<std::vector<Cell>> kNone;
  const auto& cloud = s.cloud_overflowed ? kNone : s.cloud.empty() ? t.rows : s.cloud;
  Groups groups = group_rows(t, cloud, group_cols);
  if (groups.names.size() > kMaxLines) {
    // Too many colours to tell apart: one colour for every point.
    group_cols.clear();
    groups = group_rows(t, cloud, group_cols);
  }
  std::vector<size_t> frontier_group;
  for (const auto& r : t.rows) frontier_group.push_back(groups.add(join_label(t, r, group_cols)));

  Panel p;
  p.name = column_label(t.columns[oy]);
  p.columns = {t.columns[oy].name};
  p.unit = t.columns[oy].unit;
  p.style = t.columns[oy].style;
  p.note = direction(max_y);
  std::vector<double> xs, ys;
  for (size_t g = 0; g < groups.names.size(); ++g) {
    Series ser;
    ser.label = groups.names[g];
    ser.style = group_style(g);
    for (size_t i = 0; i < cloud.size(); ++i) {
      const double x = cloud[i][ox].number, y = cloud[i][oy].number;
      if (groups.of_row[i] != g || !std::isfinite(x) || !std::isfinite(y)) continue;
      ser.x.push_back(x);
      ser.y.push_back(y);
      xs.push_back(x);
      ys.push_back(y);
    }
    p.series.push_back(std::move(ser));
  }
  Series front;
  front.frontier = true;
  front.labels_name = along;
  const bool labelled = !along.empty() && t.rows.size() <= kMaxFrontierPoints;
  front.label = fmt::format("Pareto frontier ({} point{}{})", format_human(double(t.rows.size()), NumberStyle::Count),
                            t.rows.size() == 1 ? "" : "s", labelled ? ", labelled by " + along : "");
  std::vector<size_t> order(t.rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return t.rows[a][ox].number < t.rows[b][ox].number; });
  for (size_t i : order) {
    const double x = t.rows[i][ox].number, y = t.rows[i][oy].number;
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    front.x.push_back(x);
    front.y.push_back(y);
    front.styles.push_back(group_style(frontier_group[i]));
    if (labelled) front.labels.push_back(point_label(t.rows[i]));
    xs.push_back(x);
    ys.push_back(y);
  }
  c.x_log = wants_log(xs);
  p.log = wants_log(ys);
  if (groups.names.size() > 1 || !group_cols.empty())
    for (size_t g = 0; g < groups.names.size(); ++g) c.legend.push_back({groups.names[g], group_style(g), Swatch::Dot});
  c.legend.push_back({front.label, Style{kNeutral, 0, 0}, Swatch::Line});
  p.series.push_back(std::move(front));
  c.panels.push_back(std::move(p));
  choice.chart = std::move(c);
  return choice;
}

}  // namespace tco::rt::plot::chooser
