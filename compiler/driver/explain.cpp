// `tcoc explain FILE NAME`: one serve() scenario broken down. The plan is compiled with its
// own outputs swapped for one generated report that reads the scenario's fields; the
// breakdown is then laid out as reports, so every --format works as for `run`.
#include "compiler/driver/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/driver/exit_codes.h"
#include "compiler/driver/execute.h"
#include "compiler/syntax/parse.h"

namespace tco::driver {
namespace {

// The Serving fields explain reads, each in the unit it is shown in.
struct Field {
  const char* name;
  const char* unit;  // "" for counts, booleans and texts
};
constexpr Field kFields[] = {
    {"fits", ""},           {"meets_slo", ""},        {"batch", ""},          {"max_batch", ""},
    {"batch_limit", ""},    {"replicas", ""},         {"step_weights", "ms"}, {"step_kv", "ms"},
    {"step_compute", "ms"}, {"step_comm", "ms"},      {"step_fixed", "ms"},   {"step", "ms"},
    {"tpot", "ms"},         {"ttft", "ms"},           {"prefill", "ms"},      {"memory_bound", ""},
    {"tokens_per_s", "tok/s"}, {"tokens_per_s_per_gpu", "tok/s"}, {"tokens_per_s_per_user", "tok/s"},
    {"rent_per_hour", "$/hr"}, {"capital_per_hour", "$/hr"}, {"power_per_hour", "$/hr"},
    {"cooling_per_hour", "$/hr"}, {"other_per_hour", "$/hr"}, {"cost_per_hour", "$/hr"},
    {"cost_per_mtok", "$/Mtok"}, {"energy_per_token", "J/tok"}, {"weights_per_gpu", "GB"},
    {"kv_per_token", "kB"},
};

std::string report_text(const std::string& name) {
  std::string s = "report \"explain\" {\n";
  for (const auto& f : kFields)
    s += fmt::format("  {}: {}.{}{}\n", f.name, name, f.name, *f.unit ? fmt::format(" -> {}", f.unit) : "");
  return s + "}\n";
}

// Keeps the plan's declarations, drops its outputs (their kernels would run for nothing),
// and adds the generated report.
bool swap_outputs(Compilation& c, const std::string& name) {
  auto& m = *c.program.modules[c.program.main].ast;
  std::erase_if(m.items, [](const ast::Item& i) {
    return i.kind == ast::ItemKind::Report || i.kind == ast::ItemKind::Study || i.kind == ast::ItemKind::Assert;
  });
  m.reports.clear();
  m.studies.clear();
  m.asserts.clear();
  FileId f = c.sources.add("<explain>", report_text(name));
  auto extra = syntax::parse(f, c.sources, c.diags);
  if (!extra) return false;
  m.reports = std::move(extra->reports);
  m.items.push_back(ast::Item{ast::ItemKind::Report, 0});
  return true;
}

// The scenario named on the command line must be a `let` of the plan whose value is a
// Serving record; otherwise E0123, with the plan's scenarios in the hint.
struct Problem {
  std::string message, hint;
  Span at;  // the let, when the name is one; a name not in the plan has no place in it
};

std::optional<Problem> scenario_problem(const Compilation& c, const std::string& name) {
  const auto& mod = c.program.modules[c.program.main];
  std::vector<std::string> scenarios;
  for (const auto& l : mod.ast->lets)
    if (l.value && l.value->type && l.value->type->record && l.value->type->record->name == "Serving")
      scenarios.push_back("`" + l.name + "`");
  std::string hint = "explain takes the name of a `let x = serve(...)` of the plan; " +
                     (scenarios.empty() ? std::string("this plan has none")
                                        : fmt::format("this plan has {}", fmt::join(scenarios, ", ")));
  auto it = mod.symbols.find(name);
  if (it == mod.symbols.end() || it->second.kind != sema::SymbolKind::Let)
    return Problem{fmt::format("`{}` is not a value defined in this plan", name), hint, Span{}};
  const auto* t = it->second.let->value->type;
  if (!t || !t->record || t->record->name != "Serving")
    return Problem{fmt::format("`{}` is {}, not a serve() scenario", name,
                               t ? sema::type_name(t, c.program.dims) : "untyped"),
                   hint, it->second.let->value->span};
  return std::nullopt;
}

struct Values {
  std::map<std::string, rt::Cell> cells;
  double num(const std::string& k) const { return cells.at(k).number; }
  const rt::Cell& cell(const std::string& k) const { return cells.at(k); }
};

rt::ReportRow row(std::string label, rt::Cell v, std::string unit) {
  auto style = !unit.empty() && unit[0] == '$' ? rt::NumberStyle::Money : rt::NumberStyle::Plain;
  return rt::ReportRow{std::move(label), std::move(v), std::move(unit), style};
}

rt::ReportRow num(std::string label, double v, std::string unit) { return row(std::move(label), rt::Cell::num(v), std::move(unit)); }

// The breakdown, section by section. Every "=" row is the model's own figure; the parts
// above it are what it is made of (tests check that they add up).
rt::RunResult layout(const Values& v, const std::string& name, const std::string& source) {
  rt::RunResult r;
  auto add = [&](rt::Report rep) {
    r.order.push_back(rt::ItemRef{rt::ItemKind::Report, r.reports.size()});
    r.reports.push_back(std::move(rep));
  };
  const double memory = v.num("step_weights") + v.num("step_kv");
  const bool memory_bound = v.cell("memory_bound").boolean;
  add(rt::Report{fmt::format("{} = {}", name, source),
                 {row("fits in memory", v.cell("fits"), ""), row("meets the SLOs", v.cell("meets_slo"), ""),
                  num("weights per GPU", v.num("weights_per_gpu"), "GB"),
                  num("KV cache per token", v.num("kv_per_token"), "kB"),
                  num("largest batch memory holds", v.num("max_batch"), "sequences"),
                  num("batch", v.num("batch"), "sequences"), row("batch set by", v.cell("batch_limit"), ""),
                  num("replicas", v.num("replicas"), "")}});
  add(rt::Report{"Decode step: one token for every running sequence",
                 {num("weight reads", v.num("step_weights"), "ms"), num("KV-cache reads", v.num("step_kv"), "ms"),
                  num("memory time (weights + KV)", memory, "ms"), num("compute time", v.num("step_compute"), "ms"),
                  row("bound by", rt::Cell::str(memory_bound ? "memory (compute overlaps it)" : "compute (memory overlaps it)"), ""),
                  num("communication (TP all-reduce)", v.num("step_comm"), "ms"),
                  num("fixed per-step cost", v.num("step_fixed"), "ms"),
                  num("= decode step (bound + communication + fixed)", v.num("step"), "ms"),
                  num("other requests' prefill, per token", v.num("tpot") - v.num("step"), "ms"),
                  num("= time per output token (TPOT)", v.num("tpot"), "ms")}});
  add(rt::Report{"Latency and throughput",
                 {num("prefill of one prompt", v.num("prefill"), "ms"), num("time to first token (TTFT)", v.num("ttft"), "ms"),
                  num("tokens per second, all GPUs", v.num("tokens_per_s"), "tok/s"),
                  num("per GPU", v.num("tokens_per_s_per_gpu"), "tok/s"),
                  num("per user (1 / TPOT)", v.num("tokens_per_s_per_user"), "tok/s")}});
  static const std::pair<const char*, const char*> kParts[] = {
      {"rent", "rent_per_hour"},
      {"capital (purchase, host, network over the amortization)", "capital_per_hour"},
      {"power (IT load)", "power_per_hour"},
      {"cooling (PUE overhead)", "cooling_per_hour"},
      {"other opex (colocation, staff, support)", "other_per_hour"}};
  rt::Report hour{"Cost per hour, all GPUs", {}}, mtok{"Cost per million output tokens", {}};
  const double per_mtok = v.num("tokens_per_s") * 3600 / 1e6;  // Mtok per hour
  for (const auto& [label, field] : kParts) {
    hour.rows.push_back(num(label, v.num(field), "$/hr"));
    mtok.rows.push_back(num(label, v.num(field) / per_mtok, "$/Mtok"));
  }
  hour.rows.push_back(num("= cost per hour", v.num("cost_per_hour"), "$/hr"));
  mtok.rows.push_back(num("= cost per million tokens", v.num("cost_per_mtok"), "$/Mtok"));
  mtok.rows.push_back(num("energy per token (cooling included)", v.num("energy_per_token"), "J/tok"));
  add(std::move(hour));
  add(std::move(mtok));
  return r;
}

}  // namespace

int explain(const std::string& file, const std::string& name, rt::Format format, const EngineOptions& engine, std::string& out,
            std::string& err, bool color) {
  auto paths = sema::SearchPaths::from_environment();
  auto plan = compile(file, paths, Stage::Check);
  err += plan->diags.render(color);
  if (plan->diags.has_errors()) return exit_code_for(plan->diags);
  if (auto problem = scenario_problem(*plan, name)) {
    Diagnostics d(plan->sources);
    d.report(DiagKind::NotAScenario, problem->at, problem->message).hint(problem->hint);
    err += d.render(color);
    return kCompileError;
  }
  const auto* let = plan->program.modules[plan->program.main].symbols.at(name).let;
  const std::string source = syntax::span_text(plan->sources, let->value->span);

  auto run = execute(file, engine, err, color, [&](Compilation& c) { return swap_outputs(c, name); });
  if (run.code != 0) return run.code;
  const auto& result = run.result;
  if (result.reports.size() != 1) return kRuntimeError;
  Values v;
  for (const auto& r : result.reports[0].rows) v.cells[r.label] = r.value;
  out += rt::write(layout(v, name, source), format);
  return kOk;
}

}  // namespace tco::driver
