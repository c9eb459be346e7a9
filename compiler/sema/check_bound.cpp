// Bound studies: `let risk = simulate "..." { ... show p90: p90(cost) }` makes `risk` a value
// once the study has run. Its type is a record of the study's labelled columns; only a study
// whose result is one row can be one, and a study that names itself, through its own result
// or a let, is a cycle.
#include <fmt/format.h>

#include "compiler/sema/checker.h"
#include "compiler/syntax/parse.h"

namespace tco::sema {

std::string show_field_name(const ast::ShowItem& item) {
  if (item.label) return *item.label;
  if (item.value->kind == ast::ExprKind::Name) return item.value->text;
  return "";
}

int show_column(const ast::Study& study, const std::string& field) {
  for (size_t i = 0; i < study.show.size(); ++i)
    if (show_field_name(study.show[i]) == field) return static_cast<int>(i);
  return -1;
}

namespace {

const char* study_word(const ast::Study& st) { return st.is_simulation ? "simulation" : "sweep"; }

}  // namespace

// Why `st` gives more than one row, or "" when its result is one row: a simulation, a sweep
// of summaries, a `best` without `by`, or a sweep with no axes.
std::string Checker::many_rows_reason(const ast::Study& st) const {
  if (st.is_simulation || st.axes.empty()) return "";
  bool summaries = !st.show.empty();
  for (const auto& item : st.show) summaries = summaries && has_summary(*item.value);
  if (summaries) return "";
  const auto& red = st.reduction;
  switch (red.kind) {
    case ast::ReductionKind::Best:
      if (red.by.empty()) return "";
      return "`best ... by` keeps a row for each group";
    case ast::ReductionKind::Top: return "`top` keeps several rows";
    case ast::ReductionKind::Pareto: return "`pareto` keeps every point of the frontier";
    case ast::ReductionKind::None: break;
  }
  return "it prints a row for every point";
}

const Type* Checker::checked_study(ast::Study& st, size_t m) {
  auto& info = studies_[&st];
  if (info.state == StudyInfo::Checking) return nullptr;
  if (info.state == StudyInfo::Done) return info.type;
  info.state = StudyInfo::Checking;
  // Checked on demand from wherever its result is first used, perhaps inside a `show`.
  const bool saved = show_context_;
  show_context_ = false;
  check_study(st, m);
  show_context_ = saved;
  if (!st.binding.empty()) {
    RecordInfo* r = types_.new_record(fmt::format("{} \"{}\"", study_word(st), st.title), nullptr, m);
    r->study = &st;
    for (const auto& item : st.show) {
      std::string name = show_field_name(item);
      const Type* t = item.value->type;
      if (name.empty() || !t || r->field_index(name) >= 0) continue;
      if (t->kind == TypeKind::Record || t->is_error() || t->is_unset()) continue;
      // `count(x)` counts points whatever x is.
      double pct = 0;
      if (aggregate_of(*item.value, &pct) == Builtin::Count) t = types_.number();
      r->fields.push_back(FieldInfo{name, t, nullptr, item.label ? item.span : item.value->span});
    }
    info.type = types_.record(r);
  }
  info.state = StudyInfo::Done;
  return info.type;
}

const Type* Checker::check_study_name(ast::Expr& e, const Symbol& s) {
  ast::Study& st = *s.study;
  Ref r(RefKind::Study);
  r.study = &st;
  r.module = s.module;
  prog_.refs[&e] = r;
  const Type* t = checked_study(st, s.module);
  index_name(e.span, s.span, NameKind::Let, e.text, t);
  if (!t) {
    diags_.report<DiagKind::CyclicDefinition>(e.span, e.text)
        .label(st.span, fmt::format("the {} `{}` uses it", study_word(st), e.text))
        .hint("a study's result is known only once it has run, so the study cannot use it");
    return types_.error();
  }
  if (s.module != prog_.main) {
    diags_.report<DiagKind::StudyNotValue>(e.span, study_word(st), e.text, "it belongs to another module")
        .note("only the plan's own sweeps and simulations run");
    return types_.error();
  }
  if (std::string why = many_rows_reason(st); !why.empty()) {
    diags_.report<DiagKind::StudyNotValue>(e.span, study_word(st), e.text, "its result has many rows")
        .label(st.reduction.kind != ast::ReductionKind::None ? st.reduction.span : st.span, why)
        .hint("a result is a value when it is one row: `best min ...` without `by`, or `show` summaries "
              "only (`p90(x)`, `mean(x)`)");
    return types_.error();
  }
  return t;
}

// E0111 for a bound study's result: which columns are fields, and how to make one.
void Checker::unknown_study_field(const ast::Expr& e, const RecordInfo& r) {
  const ast::Study& st = *r.study;
  const int column = show_column(st, e.text);
  // A column whose expression is in error was reported already.
  if (column >= 0 && st.show[static_cast<size_t>(column)].value->type->is_error()) return;
  auto d = diags_.report<DiagKind::UnknownField>(e.name_span,
                         fmt::format("{} `{}`", study_word(st), st.binding), e.text);
  std::vector<std::string> pool;
  for (const auto& f : r.fields) pool.push_back(f.name);
  if (auto c = suggest(e.text, pool); !c.empty()) {
    did_you_mean(d, e.name_span, c);
    return;
  }
  if (column >= 0) {
    d.note(fmt::format("its column `{}` shows {}, which is not a field", e.text,
                       describe(st.show[static_cast<size_t>(column)].value->type)));
    d.hint(fmt::format("show the field you need under a label of its own: `show x: {}.x`", e.text));
    return;
  }
  std::string fields;
  for (const auto& f : pool) fields += (fields.empty() ? "`" : ", `") + f + "`";
  if (!pool.empty()) d.note("its fields are the columns it labels or shows by name: " + fields);
  else d.note("only labelled columns are fields, and it has none");
  d.hint(fmt::format("label the column to read: `show {}: ...`", e.text));
}

}  // namespace tco::sema
