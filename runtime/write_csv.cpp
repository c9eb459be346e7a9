// CSV (RFC 4180 quoting, "\n" line ends): a block per item, numbers at full precision.
#include "runtime/writers.h"

namespace tco::rt {

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\n";
}

std::string csv_value(const Cell& c) {
  switch (c.kind) {
    case CellKind::Number: return format_exact(c.number);
    case CellKind::Text: return c.text;
    case CellKind::Bool: return c.boolean ? "true" : "false";
  }
  return {};
}

}  // namespace tco::rt

namespace tco::rt::detail {
namespace {

std::string record(const std::vector<std::string>& fields) { return csv_record(fields); }

void csv_table(std::string& out, const Table& t) {
  out += record({"# " + t.title});
  std::vector<std::string> head;
  for (const auto& c : t.columns) head.push_back(header_text(c));
  out += record(head);
  for (const auto& row : t.rows) {
    std::vector<std::string> cells(t.columns.size());
    for (size_t c = 0; c < cells.size() && c < row.size(); ++c) cells[c] = csv_value(row[c]);
    out += record(cells);
  }
}

}  // namespace

std::string write_csv(const RunResult& r) {
  std::string out;
  bool first = true, asserts_done = false;
  for (const Item& item : items_in_order(r)) {
    if (item.kind == ItemKind::Assert && asserts_done) continue;
    if (!first) out += "\n";
    first = false;
    switch (item.kind) {
      case ItemKind::Report: {
        const Report& rep = r.reports[item.indices[0]];
        out += record({"# " + rep.title});
        out += "label,value,unit\n";
        for (const auto& row : rep.rows) out += record({row.label, csv_value(row.value), row.unit});
        break;
      }
      case ItemKind::Sweep: csv_table(out, r.sweeps[item.indices[0]]); break;
      case ItemKind::Simulation: csv_table(out, r.simulations[item.indices[0]]); break;
      case ItemKind::Assert:  // one block for every assert, where the first one stands
        out += "# asserts\nmessage,passed,detail\n";
        for (const auto& a : r.asserts)
          out += record({a.message, a.passed ? "true" : "false", a.detail});
        asserts_done = true;
        break;
    }
  }
  return out;
}

}  // namespace tco::rt::detail
