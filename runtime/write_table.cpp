// The terminal format `tcoc run` prints: aligned columns, units beside every figure, the
// month convention under any monthly figure.
#include <algorithm>

#include "runtime/writers.h"

namespace tco::rt::detail {
namespace {

constexpr std::string_view kGap = "  ";

void text_report(std::string& out, const Report& rep) {
  out += one_line(rep.title) + "\n";
  if (rep.rows.empty()) {
    out += "  (no rows)\n";
    return;
  }
  std::vector<std::string> labels, values, units;
  size_t lw = 0, vw = 0;
  for (const auto& row : rep.rows) {
    labels.push_back(one_line(row.label));
    values.push_back(human_cell(row.value, row.style));
    units.push_back(one_line(row.unit));
    lw = std::max(lw, display_width(labels.back()));
    vw = std::max(vw, display_width(values.back()));
  }
  for (size_t i = 0; i < rep.rows.size(); ++i) {
    out += "  " + pad_right(labels[i], lw);
    out += kGap;
    out += pad_left(values[i], vw);
    if (!units[i].empty()) out += std::string(kGap) + units[i];
    out += "\n";
  }
  if (report_mentions_month(rep)) out += "  " + std::string(kMonthNote) + "\n";
}

void text_table(std::string& out, const Table& t) {
  out += one_line(t.title) + "\n";
  if (t.rows.empty()) {
    out += "  (no rows)\n";
  } else {
    const size_t ncol = t.columns.size();
    std::vector<std::string> head(ncol);
    std::vector<size_t> width(ncol);
    std::vector<bool> right(ncol);
    for (size_t c = 0; c < ncol; ++c) {
      head[c] = one_line(header_text(t.columns[c]));
      width[c] = display_width(head[c]);
      right[c] = numeric_column(t, c);
    }
    std::vector<std::vector<std::string>> cells;
    for (const auto& row : t.rows) {
      auto& line = cells.emplace_back(ncol);
      for (size_t c = 0; c < ncol && c < row.size(); ++c) {
        line[c] = human_cell(row[c], t.columns[c].style);
        width[c] = std::max(width[c], display_width(line[c]));
      }
    }
    auto emit = [&](const std::vector<std::string>& line) {
      out += "  ";
      for (size_t c = 0; c < ncol; ++c) {
        if (c) out += kGap;
        out += right[c] ? pad_left(line[c], width[c]) : pad_right(line[c], width[c]);
      }
      out += "\n";
    };
    emit(head);
    std::vector<std::string> rule(ncol);
    for (size_t c = 0; c < ncol; ++c) rule[c] = std::string(width[c], '-');
    emit(rule);
    for (const auto& line : cells) emit(line);
  }
  for (const auto& note : t.notes) out += "  " + one_line(note) + "\n";
  if (!t.rows.empty() && table_mentions_month(t)) out += "  " + std::string(kMonthNote) + "\n";
}

void text_asserts(std::string& out, const RunResult& r, const std::vector<size_t>& which) {
  for (size_t i : which) {
    const AssertResult& a = r.asserts[i];
    out += a.passed ? "PASS  " : "FAIL  ";
    out += one_line(a.message);
    if (!a.passed && !a.detail.empty()) out += ": " + one_line(a.detail);
    out += "\n";
  }
}

}  // namespace

std::string write_table(const RunResult& r) {
  return write_items(r, ItemWriters{&text_report, &text_table, &text_asserts});
}

}  // namespace tco::rt::detail
