// `tcoc diff OLD NEW`: runs two versions of a plan and lists every reported figure that
// changed (old, new, absolute and percent change), and the figures one version has and
// the other lacks. A figure is a report row, a sweep or simulation cell, or an assert's
// verdict. A study's row is named by its axes' values (`20, H100 SXM5 80GB`), so that
// adding, dropping or reordering an axis's values matches the points both versions have,
// and renaming an axis or a column keeps them; a `best ... by` row by its group; a one-row
// study by its title alone.
#include "compiler/driver/diff.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "compiler/diagnostics/exit_codes.h"
#include "compiler/runner/execute.h"
#include "runtime/writers.h"

namespace tco::driver {
namespace {

struct Figure {
  std::string name;  // "Support bot / hopper", "Cheapest GPU / H200 / s.cost_per_mtok"
  rt::Cell value;
  std::string unit;
  rt::NumberStyle style = rt::NumberStyle::Plain;
};

// Every figure of a run, in output order, named so that the same figure in another version
// of the plan gets the same name.
std::vector<Figure> figures(const rt::RunResult& r) {
  std::vector<Figure> out;
  for (const auto& item : r.order) {
    if (item.kind == rt::ItemKind::Report) {
      const auto& rep = r.reports[item.index];
      for (const auto& row : rep.rows) out.push_back({rep.title + " / " + row.label, row.value, row.unit, row.style});
    } else if (item.kind == rt::ItemKind::Assert) {
      const auto& a = r.asserts[item.index];
      out.push_back({"assert / " + a.message, rt::Cell::flag(a.passed), "", rt::NumberStyle::Plain});
    } else {
      const auto& t = item.kind == rt::ItemKind::Sweep ? r.sweeps[item.index] : r.simulations[item.index];
      std::map<std::string, int> seen;  // rows whose key repeats are told apart by count
      for (const auto& row : t.rows) {
        std::string key;
        if (!t.identity.empty()) {
          // The values alone: renaming the axis or the column that shows it keeps the row.
          for (size_t column : t.identity)
            key += (key.empty() ? "" : ", ") + rt::detail::human_cell(row[column], t.columns[column].style);
        } else if (t.rows.size() > 1 && !row.empty()) {
          key = rt::detail::human_cell(row[0], t.columns[0].style);
        }
        if (int n = seen[key]++; n > 0) key += fmt::format(" #{}", n + 1);
        const std::string prefix = key.empty() ? t.title : t.title + " / " + key;
        for (size_t c = 0; c < row.size(); ++c)
          out.push_back({fmt::format("{} / {}", prefix, t.columns[c].name), row[c], t.columns[c].unit, t.columns[c].style});
      }
    }
  }
  return out;
}

bool same(const rt::Cell& a, const rt::Cell& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case rt::CellKind::Number: return a.number == b.number || (std::isnan(a.number) && std::isnan(b.number));
    case rt::CellKind::Text: return a.text == b.text;
    case rt::CellKind::Bool: return a.boolean == b.boolean;
  }
  return false;
}

std::string shown(const Figure& f) {
  std::string v = rt::detail::human_cell(f.value, f.style);
  return f.unit.empty() || f.value.kind != rt::CellKind::Number ? v : v + " " + f.unit;
}

nlohmann::ordered_json json_value(const rt::Cell& c) {
  switch (c.kind) {
    case rt::CellKind::Number: return std::isfinite(c.number) ? nlohmann::ordered_json(c.number) : nlohmann::ordered_json(nullptr);
    case rt::CellKind::Text: return c.text;
    case rt::CellKind::Bool: return c.boolean;
  }
  return nullptr;
}

struct Change {
  const Figure* before = nullptr;
  const Figure* after = nullptr;
  // Both numbers in the same unit: the change and the relative change (NaN when undefined).
  bool numeric() const {
    return before && after && before->value.kind == rt::CellKind::Number &&
           after->value.kind == rt::CellKind::Number && before->unit == after->unit;
  }
  double delta() const { return after->value.number - before->value.number; }
  double percent() const {
    return before->value.number != 0 ? 100 * delta() / std::fabs(before->value.number) : std::nan("");
  }
};

std::string write_json(const std::vector<Change>& changed, const std::vector<Change>& added,
                       const std::vector<Change>& removed) {
  auto one = [](const Figure& f) {
    nlohmann::ordered_json o;
    o["figure"] = f.name;
    o["value"] = json_value(f.value);
    o["unit"] = f.unit;
    return o;
  };
  nlohmann::ordered_json j;
  j["changed"] = nlohmann::ordered_json::array();
  j["added"] = nlohmann::ordered_json::array();
  j["removed"] = nlohmann::ordered_json::array();
  for (const auto& c : changed) {
    nlohmann::ordered_json row;
    row["figure"] = c.after->name;
    row["old"] = json_value(c.before->value);
    row["new"] = json_value(c.after->value);
    row["old_unit"] = c.before->unit;
    row["unit"] = c.after->unit;
    if (c.numeric()) {
      row["change"] = std::isfinite(c.delta()) ? nlohmann::ordered_json(c.delta()) : nlohmann::ordered_json(nullptr);
      row["percent"] = std::isfinite(c.percent()) ? nlohmann::ordered_json(c.percent()) : nlohmann::ordered_json(nullptr);
    }
    j["changed"].push_back(row);
  }
  for (const auto& c : added) j["added"].push_back(one(*c.after));
  for (const auto& c : removed) j["removed"].push_back(one(*c.before));
  return j.dump(2) + "\n";
}

// The human formats reuse the run writers: one table per kind of difference.
rt::RunResult as_tables(const std::vector<Change>& changed, const std::vector<Change>& added,
                        const std::vector<Change>& removed, size_t compared) {
  rt::RunResult r;
  auto add = [&](rt::Table t) {
    r.order.push_back(rt::ItemRef{rt::ItemKind::Sweep, r.sweeps.size()});
    r.sweeps.push_back(std::move(t));
  };
  rt::Table t;
  t.title = "Changed";
  t.columns = {{"figure", ""}, {"old", ""}, {"new", ""}, {"change", ""}, {"change %", ""}};
  for (const auto& c : changed) {
    std::string delta = "", percent = "";
    if (c.numeric()) {
      delta = rt::format_human(c.delta(), c.after->style);
      if (c.delta() > 0) delta = "+" + delta;
      if (!c.after->unit.empty()) delta += " " + c.after->unit;
      percent = std::isfinite(c.percent()) ? fmt::format("{:+.1f}%", c.percent()) : "";
    }
    t.rows.push_back({rt::Cell::str(c.after->name), rt::Cell::str(shown(*c.before)), rt::Cell::str(shown(*c.after)),
                      rt::Cell::str(delta), rt::Cell::str(percent)});
  }
  t.notes.push_back(fmt::format("{} of {} figures changed", changed.size(), compared));
  add(std::move(t));
  auto list = [&](const char* title, const std::vector<Change>& v, bool after) {
    if (v.empty()) return;
    rt::Table l;
    l.title = title;
    l.columns = {{"figure", ""}, {"value", ""}};
    for (const auto& c : v) {
      const Figure& f = after ? *c.after : *c.before;
      l.rows.push_back({rt::Cell::str(f.name), rt::Cell::str(shown(f))});
    }
    add(std::move(l));
  };
  list("Added (only in the new version)", added, true);
  list("Removed (only in the old version)", removed, false);
  return r;
}

}  // namespace

int diff(const std::string& old_file, const std::string& new_file, rt::Format format, const runner::EngineOptions& engine, bool exit_code,
         std::string& out, std::string& err, bool color) {
  auto before = runner::execute(old_file, engine, err, color);
  if (before.code != 0) return before.code;
  auto after = runner::execute(new_file, engine, err, color);
  if (after.code != 0) return after.code;
  const auto old_figures = figures(before.result), new_figures = figures(after.result);
  std::map<std::string, const Figure*> old_by_name;
  for (const auto& f : old_figures) old_by_name.emplace(f.name, &f);
  std::vector<Change> changed, added, removed;
  std::map<std::string, bool> matched;
  for (const auto& f : new_figures) {
    auto it = old_by_name.find(f.name);
    if (it == old_by_name.end()) {
      added.push_back({nullptr, &f});
      continue;
    }
    matched[f.name] = true;
    if (!same(it->second->value, f.value) || it->second->unit != f.unit) changed.push_back({it->second, &f});
  }
  for (const auto& f : old_figures)
    if (!matched.count(f.name)) removed.push_back({&f, nullptr});
  const bool differs = !changed.empty() || !added.empty() || !removed.empty();
  if (format == rt::Format::Json)
    out += write_json(changed, added, removed);
  else if (!differs)
    out += fmt::format("No figure changed ({} compared).\n", matched.size());
  else
    out += rt::write(as_tables(changed, added, removed, matched.size()), format);
  return exit_code && differs ? kAssertFailed : kOk;
}

}  // namespace tco::driver
