// A bar chart: a category per row (or group), a bar per figure.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "runtime/format.h"
#include "runtime/plot/choose.h"
#include "runtime/plot/ticks.h"
#include "runtime/writers.h"

namespace tco::rt::plot::chooser {

// ---- bars ----------------------------------------------------------------------------

namespace {

// `best ... by` and `top N` bars in the order of their objective, best first, and the best
// one marked: the question such a study asks is which one wins, and by how much. A category
// with several bars (one per precision) ranks by its best one; rows without a figure go last.
void sort_by_objective(const Table& t, const StudyShape& s, Chart* c, std::vector<size_t>* cat_of_row) {
  if ((s.reduction != ReduceSpec::Best && s.reduction != ReduceSpec::Top) || s.objectives.empty() ||
      s.objectives[0] < 0)
    return;
  const size_t col = size_t(s.objectives[0]);
  const bool max = !s.maximize.empty() && s.maximize[0];
  const double worst = max ? -INFINITY : INFINITY;
  std::vector<double> score(c->categories.size(), worst);
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const Cell& cell = t.rows[i][col];
    if (cell.kind != CellKind::Number || !std::isfinite(cell.number)) continue;
    double& v = score[(*cat_of_row)[i]];
    v = max ? std::max(v, cell.number) : std::min(v, cell.number);
  }
  std::vector<size_t> order(score.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return max ? score[a] > score[b] : score[a] < score[b]; });
  std::vector<size_t> rank(order.size());
  std::vector<std::string> names;
  for (size_t k = 0; k < order.size(); ++k) {
    rank[order[k]] = k;
    names.push_back(c->categories[order[k]]);
  }
  c->categories = std::move(names);
  for (size_t& k : *cat_of_row) k = rank[k];
  if (!order.empty() && std::isfinite(score[order[0]])) c->winner = 0;
}

}  // namespace

ChartChoice bars_chart(const Table& t, const StudyShape& s, uint64_t ident) {
  ChartChoice choice;
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
      choice.why = unavailable_axis(s.axes[k]);
      return choice;
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

  sort_by_objective(t, s, &c, &cat_of_row);

  if (c.categories.size() > kMaxCategories || series_names.size() > kMaxBarGroups) {
    choice.why = fmt::format("{} bars, too many to read; {}", c.categories.size() * series_names.size(),
                           ranked ? "a smaller `top N` charts" : "narrow the sweep, or reduce it with `best ... by` or `top N`");
    return choice;
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
    std::vector<double> values;
    for (size_t j = 0; j < cols.size(); ++j) {
      p.name += (j ? ", " : "") + column_label(t.columns[cols[j]]);
      p.columns.push_back(t.columns[cols[j]].name);
      for (size_t g = 0; g < series_names.size(); ++g) {
        Series ser;
        ser.label = cols.size() > 1 ? column_label(t.columns[cols[j]]) : series_names[g];
        ser.style = group_style(cols.size() > 1 ? j : g);
        ser.y.assign(c.categories.size(), NAN);
        for (size_t i = 0; i < t.rows.size(); ++i)
          if (series_of_row[i] == g) ser.y[cat_of_row[i]] = t.rows[i][cols[j]].number;
        values.insert(values.end(), ser.y.begin(), ser.y.end());
        p.series.push_back(std::move(ser));
      }
      if (cols.size() > 1) p.legend.push_back({column_label(t.columns[cols[j]]), group_style(j), Swatch::Box});
    }
    p.cap = outlier_cap(values);
    c.panels.push_back(std::move(p));
  }
  if (c.panels.empty()) {
    choice.why = "no figure besides the axes to draw";
    return choice;
  }
  if (series_names.size() > 1)
    for (size_t g = 0; g < series_names.size(); ++g) c.legend.push_back({series_names[g], group_style(g), Swatch::Box});
  choice.chart = std::move(c);
  return choice;
}

}  // namespace tco::rt::plot::chooser
