// Markdown for pull-request comments: a heading and a GitHub pipe table per item.
#include "runtime/writers.h"

namespace tco::rt::detail {
namespace {

// Text on one line with `$` escaped: GitHub reads a pair of dollar signs as math.
std::string text(std::string_view s) {
  std::string out;
  for (char c : one_line(s)) {
    if (c == '$') out += '\\';
    out += c;
  }
  return out;
}

// Text inside a table cell: pipes escaped too.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : text(s)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string pipe_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += c.empty() ? " |" : " " + c + " |";
  return out + "\n";
}

void month_note(std::string& out) { out += "\n_" + std::string(kMonthNote) + "_\n"; }

void md_report(std::string& out, const Report& rep) {
  out += "### " + text(rep.title) + "\n\n";
  if (rep.rows.empty()) {
    out += "_(no rows)_\n";
    return;
  }
  out += "| | value | unit |\n|---|---:|---|\n";
  for (const auto& row : rep.rows)
    out += pipe_row({cell(row.label), cell(human_cell(row.value, row.style)), cell(row.unit)});
  if (report_mentions_month(rep)) month_note(out);
}

void md_table(std::string& out, const Table& t) {
  out += "### " + text(t.title) + "\n\n";
  if (t.rows.empty()) {
    out += "_(no rows)_\n";
  } else {
    std::vector<std::string> head, align;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      head.push_back(cell(header_text(t.columns[c])));
      align.push_back(numeric_column(t, c) ? "---:" : "---");
    }
    out += pipe_row(head);
    out += "|";
    for (const auto& a : align) out += a + "|";
    out += "\n";
    for (const auto& row : t.rows) {
      std::vector<std::string> cells(t.columns.size());
      for (size_t c = 0; c < cells.size() && c < row.size(); ++c)
        cells[c] = cell(human_cell(row[c], t.columns[c].style));
      out += pipe_row(cells);
    }
  }
  for (const auto& note : t.notes) out += "\n" + text(note) + "\n";
  if (!t.rows.empty() && table_mentions_month(t)) month_note(out);
}

void md_asserts(std::string& out, const RunResult& r, const std::vector<size_t>& which) {
  out += "### Asserts\n\n";
  for (size_t i : which) {
    const AssertResult& a = r.asserts[i];
    out += a.passed ? "- ✅ " : "- ❌ ";
    out += text(a.message);
    if (!a.passed && !a.detail.empty()) out += ": " + text(a.detail);
    out += "\n";
  }
}

}  // namespace

std::string write_markdown(const RunResult& r) {
  return write_items(r, ItemWriters{&md_report, &md_table, &md_asserts});
}

}  // namespace tco::rt::detail
