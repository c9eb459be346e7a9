// Deciding what a study's chart shows: which column is x, which columns tell the lines (or
// bars) apart, which are the figures, and which scales read best.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "runtime/format.h"
#include "runtime/plot/chart.h"
#include "runtime/plot/ticks.h"
#include "runtime/writers.h"

namespace tco::rt::plot {
namespace {

uint64_t bit(size_t k) { return k < 64 ? uint64_t(1) << k : ~uint64_t(0); }

// Every cell a number and at least one of them finite: something to draw.
bool numeric(const std::vector<std::vector<Cell>>& rows, size_t c) {
  bool finite = false;
  for (const auto& r : rows) {
    if (c >= r.size() || r[c].kind != CellKind::Number) return false;
    finite = finite || std::isfinite(r[c].number);
  }
  return finite;
}

// A log scale when the values are all positive and span more than an order of magnitude:
// then a linear scale would flatten the small ones (the cheap GPUs, the small batches) into
// the floor, where their differences are what the analyst came to see.
constexpr double kLogSpan = 20;
bool wants_log(const std::vector<double>& v) {
  double lo = INFINITY, hi = 0;
  size_t n = 0;
  for (double x : v) {
    if (!std::isfinite(x)) continue;
    if (x <= 0) return false;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    ++n;
  }
  return n >= 2 && hi / lo >= kLogSpan;
}

// The column that names axis k's values: the one showing the axis, else the first that
// depends on that axis alone (`interactivity: 1 tok / slo`).
int label_column(const StudyShape& s, const Table& t, size_t k) {
  if (s.axes[k].column >= 0 && size_t(s.axes[k].column) < t.columns.size()) return s.axes[k].column;
  for (size_t c = 0; c < t.columns.size() && c < s.depends.size(); ++c)
    if (s.depends[c] == bit(k)) return static_cast<int>(c);
  return -1;
}

std::string value_text(const Column& col, const Cell& cell) {
  switch (cell.kind) {
    case CellKind::Text: return cell.text;
    case CellKind::Bool: return cell.boolean ? "yes" : "no";
    case CellKind::Number: break;
  }
  std::string s = format_human(cell.number, col.style);
  return col.unit.empty() ? s : s + " " + col.unit;
}

// One axis's part of a group or category name: a text as it is ("H200"), a number with
// its name ("batch = 64").
std::string label_part(const Column& col, const Cell& cell) {
  if (cell.kind == CellKind::Text) return cell.text;
  return col.name + " = " + value_text(col, cell);
}

std::string join_label(const Table& t, const std::vector<Cell>& row, const std::vector<int>& cols) {
  std::string s;
  for (int c : cols) {
    if (!s.empty()) s += " · ";
    s += label_part(t.columns[size_t(c)], row[size_t(c)]);
  }
  return s;
}

// Distinct labels in order of first appearance, and each row's index among them.
struct Groups {
  std::vector<std::string> names;
  std::vector<size_t> of_row;
  std::map<std::string, size_t> index;
  size_t add(const std::string& name) {
    auto [it, fresh] = index.emplace(name, names.size());
    if (fresh) names.push_back(name);
    return it->second;
  }
};

// Beyond these a chart cannot be read: a legend of 30 colours, 150 bars in a column.
constexpr size_t kMaxLines = 24;
constexpr size_t kMaxCategories = 120;
constexpr size_t kMaxBarGroups = 12;

Groups group_rows(const Table& t, const std::vector<std::vector<Cell>>& rows, const std::vector<int>& cols) {
  Groups g;
  for (const auto& r : rows) g.of_row.push_back(g.add(join_label(t, r, cols)));
  return g;
}

// A series' look when it stands for the i-th of several groups: a colour and a marker shape
// each, so lines that coincide, or readers who cannot tell two colours apart, still can.
Style group_style(size_t i) { return Style{i % kPaletteSize, 0, i % kMarkers}; }

std::string direction(bool maximize) { return maximize ? "higher is better" : "lower is better"; }

// "lower is better" when column `col` shows an objective of the reduction, else "".
std::string objective_direction(const StudyShape& s, size_t col) {
  for (size_t o = 0; o < s.objectives.size(); ++o)
    if (s.objectives[o] == static_cast<int>(col)) return direction(o < s.maximize.size() && s.maximize[o]);
  return "";
}

std::vector<std::string> subtitle(const Table& t, std::string first) {
  std::string notes;
  for (const auto& n : t.notes) notes += (notes.empty() ? "" : " · ") + n;
  if (detail::table_mentions_month(t)) notes += (notes.empty() ? "" : " · ") + std::string(detail::kMonthNote);
  std::vector<std::string> lines;
  if (!first.empty()) lines.push_back(std::move(first));
  if (!notes.empty()) lines.push_back(notes);
  return lines;
}

// What the reduction kept, in words: "lowest s.cost_per_mtok per gpu".
std::string reduction_text(const Table& t, const StudyShape& s) {
  auto objective = [&]() -> std::string {
    if (s.objectives.empty()) return "";
    const bool max = !s.maximize.empty() && s.maximize[0];
    const int c = s.objectives[0];
    return fmt::format("{} {}", max ? "highest" : "lowest", c >= 0 ? t.columns[size_t(c)].name : "objective");
  };
  if (s.reduction == ReduceSpec::Best) {
    std::string by;
    for (size_t k = 0; k < s.axes.size(); ++k)
      if (s.key_axes & bit(k)) by += (by.empty() ? "" : " and ") + s.axes[k].name;
    return fmt::format("best: {}{}", objective(), by.empty() ? "" : " per " + by);
  }
  if (s.reduction == ReduceSpec::Top) return fmt::format("top {} by {}", t.rows.size(), objective());
  return "";
}

std::string unavailable_axis(const AxisShape& a) {
  return fmt::format("axis `{}` takes {} values but no shown column names them, so its points cannot be told apart; "
                     "add `{}` to `show`",
                     a.name, a.size, a.name);
}

// Columns of one unit share a panel, in the order they come; a column without a unit gets
// its own, and so does one `may_share(first_of_panel, col)` refuses.
template <class MayShare>
std::vector<std::vector<size_t>> panels_by_unit(const Table& t, const std::vector<size_t>& cols, MayShare may_share) {
  std::vector<std::vector<size_t>> panels;
  for (size_t col : cols) {
    const std::string& unit = t.columns[col].unit;
    auto same = std::find_if(panels.begin(), panels.end(), [&](const auto& p) {
      return !unit.empty() && t.columns[p[0]].unit == unit && may_share(p[0], col);
    });
    if (same != panels.end()) same->push_back(col);
    else panels.push_back({col});
  }
  return panels;
}

// ---- lines ---------------------------------------------------------------------------

struct XChoice {
  size_t axis;
  int column;
};

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

Plan plan_lines(const Table& t, const StudyShape& s, uint64_t ident, XChoice x) {
  Plan plan;
  Chart c;
  c.kind = ChartKind::Lines;
  c.title = t.title;
  c.subtitle = subtitle(t, reduction_text(t, s));
  const size_t xc = size_t(x.column);
  c.x_name = t.columns[xc].name;
  c.x_unit = t.columns[xc].unit;

  std::vector<int> group_cols;
  std::vector<bool> is_label(t.columns.size(), false);
  is_label[xc] = true;
  for (size_t k = 0; k < s.axes.size(); ++k) {
    if (!(ident & bit(k)) || s.axes[k].size < 2 || k == x.axis) continue;
    const int lc = label_column(s, t, k);
    if (lc < 0) {
      plan.why = unavailable_axis(s.axes[k]);
      return plan;
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
    plan.why = "no figure besides the axes to draw";
    return plan;
  }

  const Groups groups = group_rows(t, t.rows, group_cols);
  const size_t ng = groups.names.size();
  if (ng > kMaxLines) {
    plan.why = fmt::format("{} lines, too many to tell apart; narrow the sweep, or keep the best of each with `best ... by`",
                           ng);
    return plan;
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
      p.name += (j ? ", " : "") + t.columns[cols[j]].name;
      for (size_t g = 0; g < ng; ++g) {
        Series ser;
        if (cols.size() == 1) {
          ser.style = group_style(g);
          ser.label = groups.names[g];
        } else if (ng == 1) {
          ser.style = group_style(j);
          ser.label = t.columns[cols[j]].name;
        } else {
          ser.style = group_style(g);
          ser.style.dash = j;
          ser.label = groups.names[g] + " · " + t.columns[cols[j]].name;
        }
        for (size_t i : order) {
          if (groups.of_row[i] != g || !std::isfinite(xs[i])) continue;
          ser.x.push_back(xs[i]);
          ser.y.push_back(t.rows[i][cols[j]].number);
          all.push_back(ser.y.back());
        }
        p.series.push_back(std::move(ser));
      }
      if (cols.size() > 1) {
        Style st = ng == 1 ? group_style(j) : Style{kNeutral, j, 0};
        p.legend.push_back({t.columns[cols[j]].name, st, Swatch::Line});
      }
    }
    if (cols.size() == 1) p.note = objective_direction(s, cols[0]);
    p.log = wants_log(all);
    c.panels.push_back(std::move(p));
  }
  if (ng > 1)
    for (size_t g = 0; g < ng; ++g) c.legend.push_back({groups.names[g], group_style(g), Swatch::Line});
  plan.chart = std::move(c);
  return plan;
}

// ---- bars ----------------------------------------------------------------------------

Plan plan_bars(const Table& t, const StudyShape& s, uint64_t ident) {
  Plan plan;
  Chart c;
  c.kind = ChartKind::Bars;
  c.title = t.title;
  c.subtitle = subtitle(t, reduction_text(t, s));
  // A top-N row is named by whichever axes it shows; a plain or best row must be named by
  // every axis that tells it apart.
  const bool ranked = s.reduction == ReduceSpec::Top;
  std::vector<size_t> axes;
  std::vector<int> label_cols;
  std::vector<bool> is_label(t.columns.size(), false);
  for (size_t k = 0; k < s.axes.size(); ++k) {
    if (s.axes[k].size < 2 || (!ranked && !(ident & bit(k)))) continue;
    const int lc = label_column(s, t, k);
    if (lc < 0) {
      if (ranked) continue;
      plan.why = unavailable_axis(s.axes[k]);
      return plan;
    }
    axes.push_back(k);
    label_cols.push_back(lc);
    is_label[size_t(lc)] = true;
  }

  // Two or more naming axes: bars by the axis with the most values, a colour per
  // combination of the others (GPUs down the side, a bar per precision).
  std::vector<size_t> cat_of_row(t.rows.size()), series_of_row(t.rows.size(), 0);
  std::vector<std::string> series_names{""};
  if (!ranked && axes.size() >= 2) {
    size_t main = 0;
    for (size_t i = 1; i < axes.size(); ++i)
      if (s.axes[axes[i]].size > s.axes[axes[main]].size) main = i;
    std::vector<int> rest;
    for (size_t i = 0; i < axes.size(); ++i)
      if (i != main) rest.push_back(label_cols[i]);
    Groups cats = group_rows(t, t.rows, {label_cols[main]});
    Groups series = group_rows(t, t.rows, rest);
    c.categories = cats.names;
    cat_of_row = cats.of_row;
    series_of_row = series.of_row;
    series_names = series.names;
  } else {
    std::map<std::string, int> seen;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      std::string name = join_label(t, t.rows[i], label_cols);
      if (name.empty()) name = fmt::format("#{}", i + 1);
      if (int n = ++seen[name]; n > 1) name += fmt::format(" ({})", n);
      c.categories.push_back(name);
      cat_of_row[i] = i;
    }
  }

  if (c.categories.size() > kMaxCategories || series_names.size() > kMaxBarGroups) {
    plan.why = fmt::format("{} bars, too many to read; {}", c.categories.size() * series_names.size(),
                           ranked ? "a smaller `top N` charts" : "narrow the sweep, or reduce it with `best ... by` or `top N`");
    return plan;
  }

  // Without groups, columns of one unit share a panel and its scale (rent and own side by
  // side); an objective keeps a panel of its own, where its note applies.
  const bool single = series_names.size() == 1;
  auto objective_note = [&](size_t col) { return objective_direction(s, col); };
  std::vector<size_t> figures;
  for (size_t col = 0; col < t.columns.size(); ++col)
    if (!is_label[col] && numeric(t.rows, col)) figures.push_back(col);
  auto panels = panels_by_unit(t, figures, [&](size_t first, size_t col) {
    return single && objective_note(first).empty() && objective_note(col).empty();
  });
  for (const auto& cols : panels) {
    Panel p;
    p.unit = t.columns[cols[0]].unit;
    p.style = t.columns[cols[0]].style;
    p.note = objective_note(cols[0]);
    for (size_t j = 0; j < cols.size(); ++j) {
      p.name += (j ? ", " : "") + t.columns[cols[j]].name;
      for (size_t g = 0; g < series_names.size(); ++g) {
        Series ser;
        ser.label = cols.size() > 1 ? t.columns[cols[j]].name : series_names[g];
        ser.style = group_style(cols.size() > 1 ? j : g);
        ser.y.assign(c.categories.size(), NAN);
        for (size_t i = 0; i < t.rows.size(); ++i)
          if (series_of_row[i] == g) ser.y[cat_of_row[i]] = t.rows[i][cols[j]].number;
        p.series.push_back(std::move(ser));
      }
      if (cols.size() > 1) p.legend.push_back({t.columns[cols[j]].name, group_style(j), Swatch::Box});
    }
    c.panels.push_back(std::move(p));
  }
  if (c.panels.empty()) {
    plan.why = "no figure besides the axes to draw";
    return plan;
  }
  if (series_names.size() > 1)
    for (size_t g = 0; g < series_names.size(); ++g) c.legend.push_back({series_names[g], group_style(g), Swatch::Box});
  plan.chart = std::move(c);
  return plan;
}

// ---- pareto --------------------------------------------------------------------------

Plan plan_pareto(const Table& t, const StudyShape& s) {
  Plan plan;
  if (s.objectives.size() != 2 || s.objectives[0] < 0 || s.objectives[1] < 0 ||
      !numeric(t.rows, size_t(s.objectives[0])) || !numeric(t.rows, size_t(s.objectives[1]))) {
    plan.why = "the two Pareto objectives are not both shown, so there is nothing to put on the axes; show them";
    return plan;
  }
  const size_t ox = size_t(s.objectives[0]), oy = size_t(s.objectives[1]);
  const bool max_x = s.maximize.size() > 0 && s.maximize[0], max_y = s.maximize.size() > 1 && s.maximize[1];
  Chart c;
  c.kind = ChartKind::Pareto;
  c.title = t.title;
  c.subtitle = subtitle(t, fmt::format("Pareto frontier: {} {} and {} {}", max_x ? "highest" : "lowest",
                                       t.columns[ox].name, max_y ? "highest" : "lowest", t.columns[oy].name));
  if (s.cloud_overflowed)
    c.subtitle.push_back(fmt::format("more than {} points met `where`: only the frontier is drawn",
                                     format_human(double(kCloudCap), NumberStyle::Count)));
  c.x_name = t.columns[ox].name;
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
    along += (along.empty() ? "" : ", ") + t.columns[size_t(lc)].name;
  }
  auto point_label = [&](const std::vector<Cell>& row) {
    std::string label;
    for (int lc : along_cols) {
      const Column& col = t.columns[size_t(lc)];
      const std::string v = row[size_t(lc)].kind == CellKind::Number ? format_human(row[size_t(lc)].number, col.style)
                                                                      : value_text(col, row[size_t(lc)]);
      label += (label.empty() ? "" : ", ") + (along_cols.size() > 1 ? col.name + " " + v : v);
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
  p.name = t.columns[oy].name;
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
  plan.chart = std::move(c);
  return plan;
}

// ---- histogram -----------------------------------------------------------------------

std::string agg_label(const AggSpec& a) {
  switch (a.kind) {
    case Agg::Mean: return "mean";
    case Agg::Min: return "min";
    case Agg::Max: return "max";
    case Agg::Percentile: return "p" + format_exact(a.p);
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

Plan plan_histogram(const Table& t, const StudyShape& s) {
  Plan plan;
  if (s.cloud.empty()) {
    plan.why = "no sample met `where`";
    return plan;
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
    plan.why = "no numeric column to draw";
    return plan;
  }
  for (const auto& cols : groups) {
    Panel p;
    const bool pct = summary && cols[0] < s.aggs.size() && s.aggs[cols[0]].kind == Agg::Percentile;
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
    plan.why = "no finite sample to draw";
    return plan;
  }
  plan.chart = std::move(c);
  return plan;
}

}  // namespace

Plan plan_chart(const Table& t, const StudyShape& s) {
  Plan plan;
  if (s.streamed) {
    plan.why = "its rows were streamed to the `--out` file, not kept";
    return plan;
  }
  if (s.simulation) return plan_histogram(t, s);
  if (t.rows.empty()) {
    plan.why = "no rows: no point met `where`";
    return plan;
  }
  if (s.reduction == ReduceSpec::Summary) {
    plan.why = "a summary is one row of statistics, nothing to draw against";
    return plan;
  }
  if (s.reduction == ReduceSpec::Pareto) return plan_pareto(t, s);
  if (t.rows.size() < 2) {
    plan.why = "a single row, nothing to compare it with";
    return plan;
  }
  uint64_t ident = 0;
  for (size_t k = 0; k < s.axes.size(); ++k) {
    if (s.axes[k].size < 2) continue;
    if (s.reduction == ReduceSpec::All || (s.reduction == ReduceSpec::Best && (s.key_axes & bit(k)))) ident |= bit(k);
  }
  if (s.reduction != ReduceSpec::Top)
    if (auto x = choose_x(t, s, ident)) return plan_lines(t, s, ident, *x);
  return plan_bars(t, s, ident);
}

}  // namespace tco::rt::plot
