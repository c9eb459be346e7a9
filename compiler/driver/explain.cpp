// `tcoc explain FILE NAME`: one serve() scenario broken down. What the breakdown shows is
// declared in the stdlib next to the formulas (serving.tco's `fn breakdown`, returning
// breakdown.tco's `type Breakdown`): each field of Breakdown is a section, each field of a
// section a row, labelled by its comment and shown in the `[unit]` that ends it. Nothing
// here names a Serving field. The plan is compiled with its own outputs swapped for one
// generated report that reads breakdown(NAME) row by row, so every --format works as for
// `run`.
#include "compiler/driver/explain.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/diagnostics/exit_codes.h"
#include "compiler/runner/execute.h"
#include "compiler/sema/stdlib_names.h"
#include "compiler/syntax/doc_comments.h"
#include "compiler/syntax/parse.h"

namespace tco::driver {
namespace {

// One row of the breakdown: the path of its value and how it is shown.
struct Row {
  std::string section, field;  // breakdown(NAME).section.field
  std::string label, unit;     // from the field's comment: "label [unit]"
  bool convert = false;        // a quantity with a dimension: shown `-> unit`
};
struct Section {
  std::string title;
  std::vector<Row> rows;
};

// "weight reads [ms]" -> {"weight reads", "ms"}. The comment of a field is its trailing
// `// ...`, the last paragraph of its documentation.
std::pair<std::string, std::string> label_and_unit(const SourceManager& sm, Span decl) {
  std::string doc = syntax::doc_comment(sm, decl);
  if (auto cut = doc.rfind("\n\n"); cut != std::string::npos) doc = doc.substr(cut + 2);
  std::string unit;
  if (!doc.empty() && doc.back() == ']') {
    if (auto open = doc.rfind('['); open != std::string::npos) {
      unit = doc.substr(open + 1, doc.size() - open - 2);
      doc.erase(open);
      while (!doc.empty() && doc.back() == ' ') doc.pop_back();
    }
  }
  return {doc, unit};
}

// The sections of the record `breakdown(s)` returns, the function found beside `Serving`
// (its record type may live in another module); empty when the stdlib has none (an old or
// edited stdlib), which explain reports.
std::vector<Section> declared_sections(const pipeline::Compilation& c, const sema::RecordInfo& serving) {
  const auto& syms = c.program.modules[serving.module].symbols;
  auto fn = syms.find(sema::stdlib_names::kBreakdown);
  if (fn == syms.end() || fn->second.kind != sema::SymbolKind::Fn || !fn->second.fn->body ||
      !fn->second.fn->body->type || !fn->second.fn->body->type->record)
    return {};
  std::vector<Section> out;
  for (const auto& sec : fn->second.fn->body->type->record->fields) {
    if (!sec.type || !sec.type->record) continue;
    Section s{label_and_unit(c.sources, sec.decl->span).first, {}};
    for (const auto& f : sec.type->record->fields) {
      auto [label, unit] = label_and_unit(c.sources, f.decl->span);
      bool convert = f.type && f.type->is_quantity() && !f.type->dim.dimensionless() && !unit.empty();
      s.rows.push_back(Row{sec.name, f.name, label.empty() ? f.name : label, unit, convert});
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string report_text(const std::vector<Section>& sections, const std::string& name) {
  std::string s = "report \"explain\" {\n";
  size_t i = 0;
  for (const auto& sec : sections)
    for (const auto& r : sec.rows)
      s += fmt::format("  r{}: breakdown({}).{}.{}{}\n", i++, name, r.section, r.field,
                       r.convert ? " -> " + r.unit : "");
  return s + "}\n";
}

// Keeps the plan's declarations, drops its outputs (their kernels would run for nothing),
// and adds the generated report.
bool swap_outputs(pipeline::Compilation& c, const std::string& text) {
  auto& m = *c.program.modules[c.program.main].ast;
  std::erase_if(m.items, [](const ast::Item& i) {
    return i.kind == ast::ItemKind::Report || i.kind == ast::ItemKind::Study || i.kind == ast::ItemKind::Assert;
  });
  m.reports.clear();
  m.studies.clear();
  m.asserts.clear();
  FileId f = c.sources.add("<explain>", text);
  auto extra = syntax::parse(f, c.sources, c.diags);
  if (!extra) return false;
  m.reports = std::move(extra->reports);
  m.items.push_back(ast::Item{ast::ItemKind::Report, 0});
  return true;
}

// The scenario named on the command line must be a `let` of the plan whose value is a
// Serving record; otherwise E0123 goes to `d`, at the let when the name is one, with the plan's
// scenarios in the hint. Returns whether it reported.
bool report_not_scenario(const pipeline::Compilation& c, const std::string& name, Diagnostics& d) {
  const auto& mod = c.program.modules[c.program.main];
  std::vector<std::string> scenarios;
  for (const auto& l : mod.ast->lets)
    if (l.value && l.value->type && l.value->type->record && l.value->type->record->name == sema::stdlib_names::kServing)
      scenarios.push_back("`" + l.name + "`");
  std::string hint = "explain takes the name of a `let x = serve(...)` of the plan; " +
                     (scenarios.empty() ? std::string("this plan has none")
                                        : fmt::format("this plan has {}", fmt::join(scenarios, ", ")));
  auto it = mod.symbols.find(name);
  if (it != mod.symbols.end() && it->second.kind == sema::SymbolKind::Study) {
    d.report<DiagKind::StudyNotScenario>(it->second.span, name, it->second.study->is_simulation ? "simulation" : "sweep",
                                         it->second.study->title)
        .hint(hint);
    return true;
  }
  if (it == mod.symbols.end() || it->second.kind != sema::SymbolKind::Let) {
    d.report<DiagKind::NotInPlan>(Span{}, name).hint(hint);
    return true;
  }
  const auto* t = it->second.let->value->type;
  if (!t || !t->record || t->record->name != sema::stdlib_names::kServing) {
    d.report<DiagKind::NotAScenario>(it->second.let->value->span, name,
                                     t ? sema::type_name(t, c.program.dims) : std::string("untyped"))
        .hint(hint);
    return true;
  }
  return false;
}

// The run's one report, regrouped into the declared sections and relabelled.
rt::RunResult layout(const std::vector<Section>& sections, const rt::Report& values, const std::string& scenario) {
  rt::RunResult r;
  size_t i = 0;
  for (const auto& sec : sections) {
    rt::Report rep{sec.title == "{scenario}" ? scenario : sec.title, {}};
    for (const auto& row : sec.rows) {
      rt::ReportRow out = values.rows.at(i++);
      out.label = row.label;
      if (!row.convert) out.unit = row.unit;
      if (!out.unit.empty() && out.unit[0] == '$') out.style = rt::NumberStyle::Money;
      rep.rows.push_back(std::move(out));
    }
    r.order.push_back(rt::ItemRef{rt::ItemKind::Report, r.reports.size()});
    r.reports.push_back(std::move(rep));
  }
  return r;
}

}  // namespace

int explain(const std::string& file, const std::string& name, rt::Format format, const runner::EngineOptions& engine, std::string& out,
            std::string& err, bool color) {
  auto paths = sema::SearchPaths::from_environment();
  auto plan = pipeline::compile(file, paths, pipeline::until(pipeline::Stage::Check));
  err += plan->diags.render(color);
  if (plan->diags.has_errors()) return exit_code_for(plan->diags);
  if (Diagnostics d(plan->sources); report_not_scenario(*plan, name, d)) {
    err += d.render(color);
    return kCompileError;
  }
  const auto* let = plan->program.modules[plan->program.main].symbols.at(name).let;
  const std::string source = syntax::span_text(plan->sources, let->value->span);
  auto sections = declared_sections(*plan, *let->value->type->record);
  if (sections.empty()) {
    Diagnostics d(plan->sources);
    d.report<DiagKind::NoBreakdown>(Span{})
        .hint("explain shows `breakdown(s)` of stdlib/serving.tco (`type Breakdown`); this stdlib has none");
    err += d.render(color);
    return kCompileError;
  }
  const std::string text = report_text(sections, name);

  auto run = runner::execute(file, engine, err, color, [&](pipeline::Compilation& c) { return swap_outputs(c, text); });
  if (run.code != 0) return run.code;
  const auto& result = run.result;
  size_t rows = 0;
  for (const auto& s : sections) rows += s.rows.size();
  if (result.reports.size() != 1 || result.reports[0].rows.size() != rows) return kRuntimeError;
  out += rt::write(layout(sections, result.reports[0], fmt::format("{} = {}", name, source)), format);
  return kOk;
}

}  // namespace tco::driver
