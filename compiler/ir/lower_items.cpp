// Lowering the plan's items: a report, a sweep or simulation (axes, lets, `where`, the
// reduction, columns), an assert (the condition and both sides of a comparison), then the
// order they run in (ir::order_by_reads).
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numbers>
#include <set>
#include <stdexcept>

#include "compiler/diagnostics/stack.h"
#include "compiler/ir/lowerer.h"
#include "compiler/ir/prune.h"
#include "compiler/ir/ranges.h"
#include "compiler/syntax/parse.h"

namespace tco::ir::lowering {

// The values of a list: a literal's, those of the list a let names, or a table's rows.
std::vector<Const> Lowerer::list_values(const ast::Expr& e) {
  std::vector<Const> values;
  if (e.kind == ast::ExprKind::List) {
    for (const auto& a : e.args) {
      auto c = fold_value(*a.value);
      if (!c) {
        before_run_error(*a.value, "a sweep's axis value");
        throw Reported{};
      }
      values.push_back(std::move(*c));
    }
    return values;
  }
  if (e.kind == ast::ExprKind::Name) {
    const sema::Ref& ref = prog_.refs.at(&e);
    if (ref.kind != RefKind::GlobalLet) throw std::logic_error("a list's name that is not a let's");
    return list_values(*ref.let->value);
  }
  const sema::TableData& table = prog_.tables.at(&e);
  const sema::RecordInfo& rec = *table.record;
  for (const auto& row : table.rows) {
    Const r;
    r.rec = &rec;
    for (size_t i = 0; i < row.size(); ++i) {
      const sema::TableCell& cell = row[i];
      const sema::FieldInfo& f = rec.fields[i];
      if (!cell.given) {
        auto c = fold_value(*f.decl->default_value);
        if (!c) throw std::logic_error("a field's default did not fold");
        r.fields.push_back(std::move(*c));
      } else if (cell.let) {
        fold_let(*cell.let);
        if (!globals_.count(cell.let)) {
          before_run_error(e, "a table's cell");
          throw Reported{};
        }
        r.fields.push_back(globals_.at(cell.let));
      } else if (f.type->kind == TypeKind::Text) {
        r.fields.push_back(Const{text_id(cell.text), nullptr, {}});
      } else {
        r.fields.push_back(Const{cell.number, nullptr, {}});
      }
    }
    values.push_back(std::move(r));
  }
  return values;
}

// The summary `e` is, if it is one (`p90(x)`, `count()`).
const sema::Ref* Lowerer::summary_ref(const ast::Expr& e) const {
  auto it = prog_.refs.find(&e);
  if (it == prog_.refs.end() || it->second.kind != RefKind::Builtin || !sema::is_aggregate(it->second.builtin))
    return nullptr;
  return &it->second;
}

rt::AggSpec Lowerer::agg_spec(const sema::Ref& ref) {
  rt::AggSpec a;
  switch (ref.builtin) {
    case Builtin::Mean: a.kind = rt::Agg::Mean; break;
    case Builtin::AggMin: a.kind = rt::Agg::Min; break;
    case Builtin::AggMax: a.kind = rt::Agg::Max; break;
    case Builtin::Sum: a.kind = rt::Agg::Sum; break;
    case Builtin::Count: a.kind = rt::Agg::Count; break;
    case Builtin::Stddev: a.kind = rt::Agg::Stddev; break;
    default: a.kind = rt::Agg::Percentile; a.p = ref.percentile; break;
  }
  return a;
}

// A `show` item's column: its label (else its source text), the unit written for it (else
// the one its value was written in), a summary's style.
Output Lowerer::show_output(const ast::ShowItem& s) {
  const ast::Expr& value = *s.value;
  const sema::Ref* ref = summary_ref(value);
  Builtin agg = ref ? ref->builtin : Builtin::Min;
  Output o = output_for(s.label ? *s.label : syntax::span_text(prog_.sm, value.span), value.type,
                        s.unit ? &*s.unit : written_unit(value), ref ? &agg : nullptr, ref ? nullptr : &value);
  o.span = value.span;
  return o;
}

// Whether a `show` item combines summaries (`max(x) * price`) rather than being one.
bool Lowerer::summary_expressions(const ast::Study& st) const {
  for (const auto& s : st.show)
    if (!summary_ref(*s.value) && !summaries_in(*s.value).empty()) return true;
  return false;
}

// The summaries in `e`, outermost only (a summary's argument holds none), in source order.
std::vector<const ast::Expr*> Lowerer::summaries_in(const ast::Expr& e) const {
  std::vector<const ast::Expr*> found, work{&e};
  while (!work.empty()) {
    const ast::Expr* x = work.back();
    work.pop_back();
    if (summary_ref(*x)) {
      found.push_back(x);
      continue;
    }
    std::vector<const ast::Expr*> children;
    ast::for_each_child(*x, [&](const ast::Expr& c) { children.push_back(&c); });
    work.insert(work.end(), children.rbegin(), children.rend());
  }
  return found;
}

// Every summary of every `show` item becomes a column the reducer summarises; the post
// kernel then reads that one row as the study's own result and computes the shown columns.
void Lowerer::lower_summary_expressions(const ast::Study& st, StudyItem& item, Env& env) {
  std::vector<const ast::Expr*> calls;
  for (const auto& s : st.show)
    for (const ast::Expr* c : summaries_in(*s.value)) calls.push_back(c);
  auto& spec = item.reduce;
  spec.kind = rt::ReduceSpec::Summary;
  for (const ast::Expr* c : calls) {
    item.kernel.outputs.push_back(scalar(*c, env));
    spec.aggs.push_back(agg_spec(*summary_ref(*c)));
  }
  spec.width = calls.size();
  item.post.emplace();
  KernelBuilder pb(*item.post);
  KernelScope pks{&*item.post, &pb};
  KernelScope* outer = ks_;
  ks_ = &pks;
  const uint32_t self = study_index_.at(&st);
  for (size_t i = 0; i < calls.size(); ++i) summaries_[calls[i]] = pb.study_result(self, calls.size(), i);
  for (const auto& s : st.show) {
    const ast::Expr& value = *s.value;
    item.post->outputs.push_back(lower(value, Env{}).v);
    item.columns.push_back(show_output(s));
  }
  summaries_.clear();
  ks_ = outer;
  prune(*item.post);
}

bool Lowerer::lower_axis(const ast::Axis& axis, uint32_t k, StudyItem& item, Env& env) {
  const ast::Expr& e = *axis.values;
  KernelBuilder& b = *ks_->b;
  if (e.kind != ast::ExprKind::Range) {
    std::vector<Const> values = list_values(e);
    std::vector<std::vector<double>> rows;
    for (const auto& c : values) {
      rows.emplace_back();
      flatten_const(c, rows.back());
    }
    std::vector<std::vector<double>> columns(rows[0].size());
    for (const auto& r : rows)
      for (size_t j = 0; j < r.size(); ++j) columns[j].push_back(r[j]);
    item.kernel.axes.push_back({axis.name, values.size()});
    size_t next = 0;
    env.vars.emplace_back(axis.name, axis_value(values[0], columns, b.index(k), next));
    return true;
  }
  const double lo = fold_constant(*e.a, "the start of a range");
  const double hi = fold_constant(*e.b, "the end of a range");
  const double by = e.c ? fold_constant(*e.c, "a range step") : 1.0;
  const bool geometric = e.range == ast::RangeKind::Geometric;
  const RangeFacts f = range_facts(lo, hi, by, geometric);
  if (f.problem) {
    diags_.report_kind(*f.problem, f.at_step && e.c ? e.c->span : e.span).hint(f.hint);
    return false;
  }
  if (f.count == 0) {
    diags_.report<DiagKind::EmptyRange>(e.span)
        .hint("a range counts up from its start; swap the ends");
    return false;
  }
  const double n = f.count;
  if (!(n <= 1e15)) {
    diags_.report<DiagKind::RangeTooLarge>(e.span, n)
        .hint("use a larger step, or `geometric`, to try fewer values");
    return false;
  }
  const ValueId idx = b.index(k);
  const ValueId value = geometric ? b.binary(Op::Mul, b.constant(lo), b.binary(Op::Pow, b.constant(by), idx))
                                  : b.binary(Op::Add, b.constant(lo), b.binary(Op::Mul, idx, b.constant(by)));
  item.kernel.axes.push_back({axis.name, static_cast<uint64_t>(n), geometric ? AxisKind::Geometric : AxisKind::Step});
  LValue v;
  v.v = value;
  env.vars.emplace_back(axis.name, v);
  return true;
}

void Lowerer::lower_study(const ast::Study& st) {
  StudyItem item;
  item.title = st.title;
  item.binding = st.binding;
  item.span = st.span;
  item.simulation = st.is_simulation;
  KernelBuilder b(item.kernel);
  KernelScope ks{&item.kernel, &b};
  ks_ = &ks;
  Env env;
  bool ok = true;
  if (st.is_simulation) {
    double n = fold_constant(*st.samples, "the sample count");
    double seed = st.seed ? fold_constant(*st.seed, "the seed") : 0.0;
    if (!(n >= 1 && n <= 1e12 && n == std::floor(n))) {
      diags_.report<DiagKind::BadSampleCount>(st.samples->span);
      ok = false;
    }
    if (!(seed >= 0 && seed < 18446744073709551616.0 && seed == std::floor(seed))) {
      diags_.report<DiagKind::BadSeed>(st.seed->span);
      ok = false;
    }
    if (ok) {
      item.kernel.axes.push_back({"sample", static_cast<uint64_t>(n)});
      item.kernel.seed = static_cast<uint64_t>(seed);
    }
  }
  for (size_t k = 0; k < st.axes.size() && ok; ++k) ok = lower_axis(st.axes[k], static_cast<uint32_t>(k), item, env);
  if (!ok) {
    failed_ = true;
    return;
  }
  for (const auto& l : st.lets) {
    LValue v = lower(*l.value, env);
    env.vars.emplace_back(l.name, std::move(v));
  }
  for (const auto& w : st.where) item.kernel.where.push_back(scalar(*w, env));
  const auto& red = st.reduction;
  auto& spec = item.reduce;
  for (const auto& o : red.objectives) {
    item.kernel.objectives.push_back(scalar(*o.value, env));
    spec.maximize.push_back(o.dir == ast::Direction::Max);
  }
  switch (red.kind) {
    case ast::ReductionKind::None: spec.kind = rt::ReduceSpec::All; break;
    case ast::ReductionKind::Best:
      spec.kind = rt::ReduceSpec::Best;
      for (const auto& k : red.by) flatten(lower(*k, env), item.kernel.keys);
      spec.keys = item.kernel.keys.size();
      break;
    case ast::ReductionKind::Top: {
      spec.kind = rt::ReduceSpec::Top;
      double n = fold_constant(*red.count, "the count of `top`");
      if (!(n >= 1 && n == std::floor(n) && n <= 1e7)) {
        diags_.report<DiagKind::TopCountRange>(red.count->span);
        failed_ = true;
        return;
      }
      spec.top_n = static_cast<uint64_t>(n);
      break;
    }
    case ast::ReductionKind::Pareto: spec.kind = rt::ReduceSpec::Pareto; break;
  }
  auto add_column = [&](const ast::ShowItem& s) {
    const sema::Ref* ref = summary_ref(*s.value);
    LValue v = lower(*s.value, env);
    if (v.is_record()) v = v.fields[static_cast<size_t>(v.rec->field_index("name"))];
    item.kernel.outputs.push_back(v.v);
    item.columns.push_back(show_output(s));
    if (ref) {
      spec.kind = rt::ReduceSpec::Summary;
      spec.aggs.push_back(agg_spec(*ref));
    }
  };
  if (st.show.empty()) {
    // Without `show`, a study lists its axes.
    for (size_t k = 0; k < st.axes.size(); ++k) {
      const ast::Expr& v = *st.axes[k].values;
      LValue a = env.vars[k].second;
      if (a.is_record()) {
        int ni = a.rec->field_index("name");
        if (ni < 0) continue;
        a = a.fields[static_cast<size_t>(ni)];
      }
      item.kernel.outputs.push_back(a.v);
      const sema::Type* t = v.type->kind == TypeKind::List ? v.type->elem : v.type;
      if (t->kind == TypeKind::Record) t = prog_.types.text();
      item.columns.push_back(output_for(st.axes[k].name, t, nullptr, nullptr));
      item.columns.back().span = v.span;
    }
  }
  if (summary_expressions(st)) {
    lower_summary_expressions(st, item, env);
  } else {
    for (const auto& s : st.show) add_column(s);
    spec.width = item.columns.size();
  }
  // Which columns show an axis or an objective, found while value ids still match (prune
  // renumbers them): what a chart needs to tell a point's identity from its figures.
  auto column_of = [&](ValueId v) {
    if (b.is_const(v)) return -1;  // a one-value axis folds to a constant some other column may share
    for (size_t c = 0; c < item.kernel.outputs.size(); ++c)
      if (item.kernel.outputs[c] == v) return static_cast<int>(c);
    return -1;
  };
  if (!st.is_simulation && !item.post) {
    for (size_t k = 0; k < st.axes.size() && k < item.kernel.axes.size(); ++k) {
      const LValue& a = env.vars[k].second;
      int ni = a.is_record() ? a.rec->field_index("name") : -1;
      if (!a.is_record()) item.kernel.axes[k].column = column_of(a.v);
      else if (ni >= 0 && !a.fields[static_cast<size_t>(ni)].is_record())
        item.kernel.axes[k].column = column_of(a.fields[static_cast<size_t>(ni)].v);
    }
  }
  for (ValueId o : item.kernel.objectives) item.objective_columns.push_back(column_of(o));
  ks_ = nullptr;
  prune(item.kernel);
  if (item.reduce.kind == rt::ReduceSpec::Best) item.kernel.key_axis = single_key_axis(item.kernel);
  out_.order.push_back({ItemKind::Study, out_.studies.size()});
  out_.studies.push_back(std::move(item));
}

double Lowerer::fold_constant(const ast::Expr& e, const char* what) {
  auto c = fold_value(e);
  // The checker sees that axes, counts and seeds use no axis or draw: only a study's result
  // can keep them from folding.
  if (!c) {
    before_run_error(e, what);
    throw Reported{};
  }
  if (c->rec) throw std::logic_error(fmt::format("{} did not fold to a number", what));
  return c->v;
}

void Lowerer::before_run_error(const ast::Expr& e, const std::string& what) {
  diags_.report<DiagKind::NeedsValueBeforeRun>(e.span, what)
      .note("it uses a study's result, which is known only once that study has run")
      .hint("give it a value of its own; a study's result can go in `where`, `show` and the expressions they use");
}

// The unit an expression was written in, if any: a literal's (`$12,100/month`), a
// conversion's target, or that of the `let` a name stands for (`budget`).
const ast::Product* Lowerer::written_unit(const ast::Expr& e, int depth) const {
  if (e.kind == ast::ExprKind::Number) return e.unit.empty() ? nullptr : &e.unit;
  if (e.kind == ast::ExprKind::Convert) return &e.unit;
  if (e.kind == ast::ExprKind::Name && depth < 8)
    if (auto it = prog_.refs.find(&e); it != prog_.refs.end() && it->second.kind == RefKind::GlobalLet)
      return written_unit(*it->second.let->value, depth + 1);
  // `risk.p90`: the unit its column is shown in.
  if (e.kind == ast::ExprKind::Field && e.a->kind == ast::ExprKind::Name)
    if (auto it = prog_.refs.find(e.a.get()); it != prog_.refs.end() && it->second.kind == RefKind::Study) {
      const ast::Study& st = *it->second.study;
      int c = sema::show_column(st, e.text);
      if (c >= 0 && st.show[static_cast<size_t>(c)].unit) return &*st.show[static_cast<size_t>(c)].unit;
    }
  return nullptr;
}

// The unit the program reads a field or a let in, when no unit is written for the figure
// itself: `g.bandwidth` in TB/s because gpus.tco gives bandwidths in TB/s. The same unit for
// every value, so `tcoc diff` compares like with like.
std::optional<sema::ShownUnit> Lowerer::evidence_unit(const ast::Expr& e) {
  if (!e.type || !e.type->is_quantity() || e.type->dim.dimensionless()) return std::nullopt;
  if (e.kind != ast::ExprKind::Field && e.kind != ast::ExprKind::Name) return std::nullopt;
  if (!evidence_) evidence_ = std::make_unique<sema::UnitEvidence>(prog_);
  std::vector<sema::ShownUnit> hints;
  if (e.kind == ast::ExprKind::Field && e.a->type && e.a->type->kind == TypeKind::Record)
    hints = evidence_->for_field(e.a->type->record, e.text);
  if (e.kind == ast::ExprKind::Name)
    if (auto it = prog_.refs.find(&e); it != prog_.refs.end() && it->second.kind == RefKind::GlobalLet)
      hints = evidence_->for_let(it->second.let);
  for (const auto& h : hints)
    if (h.dim == e.type->dim) return h;
  return std::nullopt;
}

// A quotient of two figures of one kind (`h100.cost / b200.cost`), through parentheses and
// the branches of an `if` whose other branch is `none`: charts write such a column with an ×.
// Over one unit (`slo / 1 ms`) it is not: that is the figure as a plain number.
static bool is_ratio(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::If) {
    auto none = [](const ast::Expr& x) { return x.kind == ast::ExprKind::Name && x.text == "none"; };
    const bool b = e.b && (none(*e.b) || is_ratio(*e.b)), c = e.c && (none(*e.c) || is_ratio(*e.c));
    return b && c && !(none(*e.b) && none(*e.c));
  }
  if (e.kind != ast::ExprKind::Binary || e.bin != ast::BinOp::Div || !e.a || !e.b) return false;
  if (e.b->kind == ast::ExprKind::Number && e.b->number == 1) return false;
  const sema::Type *x = e.a->type, *y = e.b->type;
  return x && y && x->is_quantity() && y->is_quantity() && !x->dim.dimensionless() && x->dim == y->dim;
}

Output Lowerer::output_for(const std::string& name, const sema::Type* t, const ast::Product* unit, Builtin* agg,
                           const ast::Expr* value) {
  Output o;
  o.name = name;
  if (agg && *agg == Builtin::Count) return o;
  if (t->kind == TypeKind::Text || t->kind == TypeKind::Record) {
    o.kind = ValueKind::Text;
    return o;
  }
  if (t->kind == TypeKind::Bool) {
    o.kind = ValueKind::Bool;
    return o;
  }
  sema::Dim dim = t->dim;
  if (unit) {
    o.unit = unit->text;
    o.scale = prog_.products.at(unit).scale;
  } else if (auto shown = value ? evidence_unit(*value) : std::nullopt) {
    o.unit = shown->text;
    o.scale = shown->scale;
  } else {
    o.unit = prog_.dims.base_unit_text(dim);
  }
  o.style = number_style(prog_.dims, dim, o.unit);
  if (o.style == rt::NumberStyle::Plain && o.unit.empty() && value && is_ratio(*value)) o.style = rt::NumberStyle::Ratio;
  return o;
}

std::optional<ConstValue> Lowerer::fold_for_editor(const ast::Expr& e) {
  auto c = fold_value(e);
  if (!c) return std::nullopt;
  // Texts fold to ids into the string table and Bools to 0/1: the types say which is which.
  std::function<ConstValue(const Const&, const sema::Type*)> convert = [&](const Const& k, const sema::Type* t) {
    ConstValue v;
    if (k.rec) {
      v.kind = ConstValue::Record;
      v.record = k.rec;
      for (size_t i = 0; i < k.fields.size(); ++i) v.fields.push_back(convert(k.fields[i], k.rec->fields[i].type));
    } else if (t && t->kind == TypeKind::Text) {
      v.kind = ConstValue::Text;
      auto id = static_cast<size_t>(k.v);
      if (id < out_.strings.size()) v.text = out_.strings[id];
    } else if (t && t->kind == TypeKind::Bool) {
      v.kind = ConstValue::Bool;
      v.boolean = k.v != 0;
    } else {
      v.number = k.v;
    }
    return v;
  };
  return convert(*c, e.type);
}

void Lowerer::lower_report(const ast::Report& r) {
  ReportItem item;
  item.title = r.title;
  KernelBuilder b(item.kernel);
  KernelScope ks{&item.kernel, &b};
  ks_ = &ks;
  Env empty;
  for (const auto& e : r.entries) {
    LValue v = lower(*e.value, empty);
    item.kernel.outputs.push_back(v.v);
    item.rows.push_back(
        output_for(e.label, e.value->type, e.unit ? &*e.unit : written_unit(*e.value), nullptr, e.value.get()));
    item.rows.back().span = e.value->span;
  }
  ks_ = nullptr;
  prune(item.kernel);
  out_.order.push_back({ItemKind::Report, out_.reports.size()});
  out_.reports.push_back(std::move(item));
}

void Lowerer::lower_assert(const ast::Assert& a) {
  AssertItem item;
  item.message = a.message.empty() ? syntax::span_text(prog_.sm, a.condition->span) : a.message;
  item.condition = a.condition->span;
  KernelBuilder b(item.kernel);
  KernelScope ks{&item.kernel, &b};
  ks_ = &ks;
  Env empty;
  item.kernel.outputs.push_back(scalar(*a.condition, empty));
  const ast::Expr& c = *a.condition;
  static const std::map<ast::BinOp, const char*> cmp = {{ast::BinOp::Lt, "<"},  {ast::BinOp::Le, "<="},
                                                        {ast::BinOp::Gt, ">"},  {ast::BinOp::Ge, ">="},
                                                        {ast::BinOp::Eq, "=="}, {ast::BinOp::Ne, "!="}};
  // `x <= none` shows both sides in x's dimension; `none == auto` has none to show.
  const sema::Type* dim_type = c.kind == ast::ExprKind::Binary && c.a->type->is_quantity() ? c.a->type
                               : c.kind == ast::ExprKind::Binary && c.b->type->is_quantity() ? c.b->type
                                                                                                : nullptr;
  if (c.kind == ast::ExprKind::Binary && cmp.count(c.bin) && dim_type) {
    item.op = cmp.at(c.bin);
    // Show both sides in the unit the analyst wrote for the limit (the right side), else
    // for the left, if either was written in one.
    const ast::Product* unit = written_unit(*c.b);
    if (!unit) unit = written_unit(*c.a);
    for (const ast::Expr* side : {c.a.get(), c.b.get()}) {
      item.kernel.outputs.push_back(scalar(*side, empty));
      item.sides.push_back(output_for(syntax::span_text(prog_.sm, side->span), dim_type, unit, nullptr,
                                      unit ? nullptr : (c.a->type->is_quantity() ? c.a.get() : c.b.get())));
    }
  }
  ks_ = nullptr;
  prune(item.kernel);
  out_.order.push_back({ItemKind::Assert, out_.asserts.size()});
  out_.asserts.push_back(std::move(item));
}

bool Lowerer::run() {
  const ast::Module& m = prog_.main_module();
  for (const auto& item : m.items)
    if (item.kind == ast::ItemKind::Study) {
      const auto next = static_cast<uint32_t>(study_index_.size());
      study_index_[&m.studies[item.index]] = next;
    }
  for (const auto& item : m.items) {
    try {
      switch (item.kind) {
        case ast::ItemKind::Report: lower_report(m.reports[item.index]); break;
        case ast::ItemKind::Study: lower_study(m.studies[item.index]); break;
        case ast::ItemKind::Assert: lower_assert(m.asserts[item.index]); break;
        // A let no output uses is still folded: a refusal in it is worth a warning.
        case ast::ItemKind::Let: fold_let(m.lets[item.index]); break;
        default: break;
      }
    } catch (const Reported&) {
      failed_ = true;
    } catch (const NotConstant&) {
      throw std::logic_error("lowering met a value the checker should have rejected");
    } catch (const OutOfStack& e) {
      report_definitions_too_deep(diags_, e.span);
      return false;
    }
    ks_ = nullptr;
  }
  if (failed_ || diags_.has_errors()) return false;
  // The checker rejects a study that reads its own result, however indirectly.
  if (!order_by_reads(out_)) throw std::logic_error("bound studies read one another in a cycle");
  return true;
}
}  // namespace tco::ir::lowering
