// Deciding what a study's chart shows: which column is x, which columns tell the lines (or
// bars) apart, which are the figures, and which scales read best. choose_chart picks the
// kind of chart; choose_lines.cpp, choose_bars.cpp, choose_pareto.cpp and
// choose_histogram.cpp lay each out; the helpers they share are here (choose.h).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>

#include "runtime/format.h"
#include "runtime/plot/choose.h"
#include "runtime/plot/ticks.h"
#include "runtime/writers.h"

namespace tco::rt::plot {
namespace chooser {

// Every cell a number and at least one of them finite: something to draw.
bool numeric(const std::vector<std::vector<Cell>>& rows, size_t c) {
  bool finite = false;
  for (const auto& r : rows) {
    if (c >= r.size() || r[c].kind != CellKind::Number) return false;
    finite = finite || std::isfinite(r[c].number);
  }
  return finite;
}

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

std::string column_label(const std::string& name) {
  std::vector<std::string> parts{""};
  for (char ch : name) {
    const bool word = std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
    if (ch == '.' && !parts.back().empty()) parts.emplace_back();
    else if (word) parts.back() += ch;
    else return name;  // an expression: as written
  }
  if (parts.back().empty() || std::isdigit(static_cast<unsigned char>(parts[0][0]))) return name;
  // A record shown by its name (`gpu.name`) is the record: "gpu".
  std::string field = parts.size() > 1 && parts.back() == "name" ? parts[parts.size() - 2] : parts.back();
  std::replace(field.begin(), field.end(), '_', ' ');
  const auto first = field.find_first_not_of(' '), last = field.find_last_not_of(' ');
  return first == std::string::npos ? name : field.substr(first, last - first + 1);
}

double outlier_cap(const std::vector<double>& values) {
  std::vector<double> v;
  for (double x : values) {
    if (!std::isfinite(x)) continue;
    if (x < 0) return NAN;  // bars both ways: a break would hide where zero is
    v.push_back(x);
  }
  std::sort(v.begin(), v.end(), std::greater<>());
  // The deepest gap among the largest fifth: two outliers (rent and own of one GPU) break
  // together, and at least four bars are left to read on the shortened axis.
  double cap = NAN;
  for (size_t i = 0; i + 1 < v.size() && (i + 1) * 5 <= v.size() && v.size() - (i + 1) >= 4; ++i)
    if (v[i + 1] > 0 && v[i] > kOutlierRatio * v[i + 1]) cap = v[i + 1];
  return cap;
}

bool holds_between_points(const std::vector<std::vector<double>>& lines) {
  bool holds = false, any = false;
  for (const auto& y : lines) {
    for (size_t i = 0; i < y.size(); ++i) {
      if (!std::isfinite(y[i])) continue;
      if (y[i] != std::floor(y[i])) return false;
      any = true;
      holds = holds || (i > 0 && y[i - 1] == y[i]);
    }
  }
  return any && holds;
}

std::vector<std::vector<size_t>> coinciding(const std::vector<Series>& series) {
  std::vector<std::vector<size_t>> out;
  std::vector<bool> taken(series.size(), false);
  for (size_t i = 0; i < series.size(); ++i) {
    if (taken[i] || series[i].y.empty()) continue;
    std::vector<size_t> set{i};
    for (size_t j = i + 1; j < series.size(); ++j)
      if (!taken[j] && series[j].x == series[i].x && series[j].y == series[i].y) {
        taken[j] = true;
        set.push_back(j);
      }
    if (set.size() > 1) out.push_back(std::move(set));
  }
  return out;
}

// One axis's part of a group or category name: a text as it is ("H200"), a number with
// its name ("batch = 64").
std::string label_part(const Column& col, const Cell& cell) {
  if (cell.kind == CellKind::Text) return cell.text;
  return column_label(col) + " = " + value_text(col, cell);
}

std::string join_label(const Table& t, const std::vector<Cell>& row, const std::vector<int>& cols) {
  std::string s;
  for (int c : cols) {
    if (!s.empty()) s += " · ";
    s += label_part(t.columns[size_t(c)], row[size_t(c)]);
  }
  return s;
}

Groups group_rows(const Table& t, const std::vector<std::vector<Cell>>& rows, const std::vector<int>& cols) {
  Groups g;
  for (const auto& r : rows) g.of_row.push_back(g.add(join_label(t, r, cols)));
  return g;
}

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
    return fmt::format("{} {}", max ? "highest" : "lowest", c >= 0 ? column_label(t.columns[size_t(c)]) : "objective");
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

}  // namespace chooser

using namespace chooser;

ChartChoice choose_chart(const Table& t, const StudyShape& s) {
  ChartChoice choice;
  if (s.streamed) {
    choice.why = "its rows were streamed to the `--out` file, not kept";
    return choice;
  }
  if (s.simulation) return histogram_chart(t, s);
  if (t.rows.empty()) {
    choice.why = "no rows: no point met `where`";
    return choice;
  }
  if (s.reduction == ReduceSpec::Summary) {
    choice.why = "a summary is one row of statistics, nothing to draw against";
    return choice;
  }
  if (s.reduction == ReduceSpec::Pareto) return pareto_chart(t, s);
  if (t.rows.size() < 2) {
    choice.why = "a single row, nothing to compare it with";
    return choice;
  }
  uint64_t ident = 0;
  for (size_t k = 0; k < s.axes.size(); ++k) {
    if (s.axes[k].size < 2) continue;
    if (s.reduction == ReduceSpec::All || (s.reduction == ReduceSpec::Best && (s.key_axes & bit(k)))) ident |= bit(k);
  }
  if (s.reduction != ReduceSpec::Top)
    if (auto x = choose_x(t, s, ident)) return lines_chart(t, s, ident, *x);
  return bars_chart(t, s, ident);
}

}  // namespace tco::rt::plot
