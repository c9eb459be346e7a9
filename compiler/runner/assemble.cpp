#include "compiler/runner/assemble.h"

#include <fmt/format.h>

#include "runtime/format.h"

namespace tco::runner {

rt::Cell make_cell(const ir::Output& o, double v, const ir::Program& prog) {
  switch (o.kind) {
    case ir::ValueKind::Text: {
      auto i = static_cast<size_t>(v);
      return rt::Cell::str(v >= 0 && i < prog.strings.size() ? prog.strings[i] : "?");
    }
    case ir::ValueKind::Bool: return rt::Cell::flag(v != 0);
    case ir::ValueKind::Number: break;
  }
  return rt::Cell::num(v / o.scale);
}

void assemble_report(const ir::ReportItem& r, const ir::Program& prog, const double* values, rt::RunResult& out) {
  rt::Report rep;
  rep.title = r.title;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& o = r.rows[i];
    rep.rows.push_back(rt::ReportRow{o.name, make_cell(o, values[i], prog), o.unit, o.style});
  }
  out.order.push_back({rt::ItemKind::Report, out.reports.size()});
  out.reports.push_back(std::move(rep));
}

void assemble_assert(const ir::AssertItem& a, const ir::Program& prog, const double* values, rt::RunResult& out) {
  rt::AssertResult res;
  res.message = a.message;
  res.passed = values[0] != 0;
  if (a.sides.size() == 2) {
    auto side = [&](size_t i) {
      const auto& o = a.sides[i];
      return rt::AssertSide{o.name, make_cell(o, values[i + 1], prog), o.unit};
    };
    res.sides = {side(0), side(1)};
    res.relation = a.op;
    if (!res.passed) {
      auto shown = [&](const rt::AssertSide& s, const ir::Output& o) {
        return fmt::format("{}{}", rt::format_human(s.value.number, o.style), s.unit.empty() ? "" : " " + s.unit);
      };
      res.detail = fmt::format("{} is {}, required {} {}", res.sides->first.expression,
                               shown(res.sides->first, a.sides[0]), a.op, shown(res.sides->second, a.sides[1]));
    }
  }
  out.order.push_back({rt::ItemKind::Assert, out.asserts.size()});
  out.asserts.push_back(std::move(res));
}

rt::Table study_header(const ir::StudyItem& s) {
  rt::Table t;
  t.title = s.title;
  for (const auto& c : s.columns) t.columns.push_back(rt::Column{c.name, c.unit, c.style});
  // A row is a point (every axis shown), a `best ... by` group (its axis), or the one row
  // of a summary or an overall best.
  const auto& axes = s.kernel.axes;
  auto shown = [&](const ir::Axis& a) { return a.column >= 0 && static_cast<size_t>(a.column) < s.columns.size(); };
  if (s.reduce.kind == rt::ReduceSpec::Best && s.reduce.keys > 0) {
    if (s.kernel.key_axis >= 0 && shown(axes[static_cast<size_t>(s.kernel.key_axis)]))
      t.identity.push_back(static_cast<size_t>(axes[static_cast<size_t>(s.kernel.key_axis)].column));
  } else if (s.reduce.kind != rt::ReduceSpec::Summary && s.reduce.kind != rt::ReduceSpec::Best && !s.simulation) {
    for (const auto& a : axes)
      if (shown(a)) t.identity.push_back(static_cast<size_t>(a.column));
  }
  return t;
}

void assemble_study(const ir::StudyItem& s, const ir::Program& prog, const std::vector<std::vector<double>>& rows,
                    uint64_t total, uint64_t kept, rt::RunResult& out) {
  rt::Table t = study_header(s);
  for (const auto& row : rows) {
    std::vector<rt::Cell> cells;
    for (size_t i = 0; i < row.size(); ++i) cells.push_back(make_cell(s.columns[i], row[i], prog));
    t.rows.push_back(std::move(cells));
  }
  t.simulation = s.simulation;
  t.points = total;
  t.seed = s.kernel.seed;
  if (!s.simulation && !s.kernel.where.empty()) t.met_where = kept;
  if (s.simulation) {
    t.notes.push_back(fmt::format("{} sample{}, seed {}", rt::format_human(double(total), rt::NumberStyle::Count),
                                  total == 1 ? "" : "s", s.kernel.seed));
  } else {
    std::string note =
        fmt::format("{} point{}", rt::format_human(double(total), rt::NumberStyle::Count), total == 1 ? "" : "s");
    if (!s.kernel.where.empty())
      note += fmt::format(", {} met `where`", rt::format_human(double(kept), rt::NumberStyle::Count));
    t.notes.push_back(note);
  }
  auto& list = s.simulation ? out.simulations : out.sweeps;
  out.order.push_back({s.simulation ? rt::ItemKind::Simulation : rt::ItemKind::Sweep, list.size()});
  list.push_back(std::move(t));
}

}  // namespace tco::runner
