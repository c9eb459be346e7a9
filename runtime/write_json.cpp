// JSON, the machine contract (docs/json.md): keys in a fixed order, all four always present.
#include <cmath>
#include <nlohmann/json.hpp>

#include "runtime/writers.h"

namespace tco::rt::detail {
namespace {

using json = nlohmann::ordered_json;

json json_value(const Cell& c) {
  switch (c.kind) {
    case CellKind::Number: return std::isfinite(c.number) ? json(c.number) : json(nullptr);
    case CellKind::Text: return c.text;
    case CellKind::Bool: return c.boolean;
  }
  return nullptr;
}

json table(const Table& t) {
  json cols = json::array(), rows = json::array();
  for (const auto& c : t.columns) cols.push_back(json{{"name", c.name}, {"unit", c.unit}});
  for (const auto& row : t.rows) {
    json cells = json::array();
    for (const auto& c : row) cells.push_back(json_value(c));
    rows.push_back(std::move(cells));
  }
  json out{{"title", t.title}, {"columns", std::move(cols)}, {"rows", std::move(rows)}};
  if (t.simulation) {
    out["samples"] = t.points;
    out["seed"] = t.seed;
  } else {
    out["points"] = t.points;
    out["met_where"] = t.met_where ? json(*t.met_where) : json(nullptr);
  }
  if (t.percentile_error) out["percentile_error"] = *t.percentile_error;
  return out;
}

json side(const AssertSide& s) {
  return json{{"expression", s.expression}, {"value", json_value(s.value)}, {"unit", s.unit}};
}

}  // namespace

std::string write_json(const RunResult& r) {
  json reports = json::array(), sweeps = json::array(), sims = json::array(),
       asserts = json::array();
  for (const auto& rep : r.reports) {
    json rows = json::array();
    for (const auto& row : rep.rows)
      rows.push_back(json{{"label", row.label}, {"value", json_value(row.value)}, {"unit", row.unit}});
    reports.push_back(json{{"title", rep.title}, {"rows", std::move(rows)}});
  }
  for (const auto& t : r.sweeps) sweeps.push_back(table(t));
  for (const auto& t : r.simulations) sims.push_back(table(t));
  for (const auto& a : r.asserts) {
    json o{{"message", a.message}, {"passed", a.passed}, {"detail", a.detail}};
    o["compared"] = a.sides ? json{{"left", side(a.sides->first)}, {"relation", a.relation}, {"right", side(a.sides->second)}}
                            : json(nullptr);
    asserts.push_back(std::move(o));
  }
  json doc = json::object();
  doc["reports"] = std::move(reports);
  doc["sweeps"] = std::move(sweeps);
  doc["simulations"] = std::move(sims);
  doc["asserts"] = std::move(asserts);
  // Invalid UTF-8 in a text is replaced (U+FFFD) rather than thrown.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace tco::rt::detail
