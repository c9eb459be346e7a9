// write(): the format dispatcher, and helpers shared by the writers.
#include <cctype>

#include "runtime/format.h"
#include "runtime/writers.h"

namespace tco::rt {

std::string write(const RunResult& r, Format f) {
  switch (f) {
    case Format::Table: return detail::write_table(r);
    case Format::Csv: return detail::write_csv(r);
    case Format::Json: return detail::write_json(r);
    case Format::Markdown: return detail::write_markdown(r);
  }
  return detail::write_table(r);
}

namespace detail {

std::vector<Item> items_in_order(const RunResult& r) {
  std::vector<ItemRef> order = r.order;
  if (order.empty()) {
    for (size_t i = 0; i < r.reports.size(); ++i) order.push_back({ItemKind::Report, i});
    for (size_t i = 0; i < r.sweeps.size(); ++i) order.push_back({ItemKind::Sweep, i});
    for (size_t i = 0; i < r.simulations.size(); ++i) order.push_back({ItemKind::Simulation, i});
    for (size_t i = 0; i < r.asserts.size(); ++i) order.push_back({ItemKind::Assert, i});
  }
  std::vector<Item> items;
  for (const ItemRef& ref : order) {
    size_t n = 0;
    switch (ref.kind) {
      case ItemKind::Report: n = r.reports.size(); break;
      case ItemKind::Sweep: n = r.sweeps.size(); break;
      case ItemKind::Simulation: n = r.simulations.size(); break;
      case ItemKind::Assert: n = r.asserts.size(); break;
    }
    if (ref.index >= n) continue;
    if (ref.kind == ItemKind::Assert && !items.empty() && items.back().kind == ItemKind::Assert)
      items.back().indices.push_back(ref.index);
    else
      items.push_back({ref.kind, {ref.index}});
  }
  return items;
}

bool unit_mentions_month(std::string_view unit) {
  size_t i = 0;
  while (i < unit.size()) {
    while (i < unit.size() && !std::isalpha(static_cast<unsigned char>(unit[i]))) ++i;
    const size_t start = i;
    while (i < unit.size() && std::isalpha(static_cast<unsigned char>(unit[i]))) ++i;
    const std::string_view word = unit.substr(start, i - start);
    if (word == "month" || word == "months") return true;
  }
  return false;
}

bool report_mentions_month(const Report& rep) {
  for (const auto& row : rep.rows)
    if (unit_mentions_month(row.unit)) return true;
  return false;
}

bool table_mentions_month(const Table& t) {
  for (const auto& c : t.columns)
    if (unit_mentions_month(c.unit)) return true;
  return false;
}

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string pad_right(std::string_view s, size_t width) {
  std::string out(s);
  const size_t w = display_width(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string pad_left(std::string_view s, size_t width) {
  const size_t w = display_width(s);
  std::string out(w < width ? width - w : 0, ' ');
  out += s;
  return out;
}

std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out;
}

std::string strip_trailing_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pending = 0;  // spaces not yet known to be followed by text on the same line
  for (char c : text) {
    if (c == ' ') {
      ++pending;
    } else {
      if (c != '\n') out.append(pending, ' ');
      pending = 0;
      out += c;
    }
  }
  return out;
}

std::string header_text(const Column& c) {
  return c.unit.empty() ? c.name : c.name + " (" + c.unit + ")";
}

std::string human_cell(const Cell& c, NumberStyle style) {
  switch (c.kind) {
    case CellKind::Number: return format_human(c.number, style);
    case CellKind::Text: return one_line(c.text);
    case CellKind::Bool: return c.boolean ? "yes" : "no";
  }
  return {};
}

bool numeric_column(const Table& t, size_t col) {
  for (const auto& row : t.rows)
    if (col < row.size() && row[col].kind != CellKind::Number) return false;
  return true;
}

std::string write_items(const RunResult& r, const ItemWriters& w) {
  std::string out;
  bool first = true;
  for (const Item& item : items_in_order(r)) {
    if (!first) out += "\n";
    first = false;
    switch (item.kind) {
      case ItemKind::Report: w.report(out, r.reports[item.indices[0]]); break;
      case ItemKind::Sweep: w.table(out, r.sweeps[item.indices[0]]); break;
      case ItemKind::Simulation: w.table(out, r.simulations[item.indices[0]]); break;
      case ItemKind::Assert: w.asserts(out, r, item.indices); break;
    }
  }
  return strip_trailing_spaces(out);
}

}  // namespace detail
}  // namespace tco::rt
