// Calls: builtins, random variables, summaries, user functions, record literals, `with`.
#include <algorithm>
#include <cmath>
#include <regex>

#include "compiler/sema/checker.h"
#include "compiler/syntax/parse.h"

namespace tco::sema {

const std::vector<BuiltinInfo>& builtins() {
  static const std::vector<BuiltinInfo> table = {
#define BUILTIN(e, name, kind, signature, doc) {Builtin::e, name, BuiltinKind::kind, signature, doc},
#include "compiler/sema/builtins.def"
#undef BUILTIN
  };
  return table;
}

const BuiltinInfo& builtin_info(Builtin b) { return builtins()[static_cast<size_t>(b)]; }

bool is_distribution(Builtin b) { return builtin_info(b).kind == BuiltinKind::Random; }
bool is_aggregate(Builtin b) { return builtin_info(b).kind == BuiltinKind::Summary; }

namespace {

// Every builtin by name, but `min`/`max` (a summary with one argument, a comparison with
// more) and the percentile shorthands `p1` .. `p99`.
const std::map<std::string, Builtin>& builtin_table() {
  static const std::map<std::string, Builtin> table = [] {
    std::map<std::string, Builtin> t;
    for (const auto& b : builtins())
      if (b.builtin != Builtin::Min && b.builtin != Builtin::Max && b.builtin != Builtin::AggMin &&
          b.builtin != Builtin::AggMax)
        t.emplace(b.name, b.builtin);
    return t;
  }();
  return table;
}

}  // namespace

std::vector<std::string> builtin_names() {
  std::vector<std::string> names = {"min", "max"};
  for (const auto& [n, b] : builtin_table()) names.push_back(n);
  return names;
}

std::optional<Builtin> builtin_by_name(const std::string& n, size_t nargs, double* percentile) {
  // With one argument `min`/`max` summarise a column; with more they compare values.
  if (n == "min") return nargs == 1 ? Builtin::AggMin : Builtin::Min;
  if (n == "max") return nargs == 1 ? Builtin::AggMax : Builtin::Max;
  if (auto it = builtin_table().find(n); it != builtin_table().end()) return it->second;
  static const std::regex pct("p([0-9]{1,2})");
  std::smatch m;
  if (std::regex_match(n, m, pct)) {
    if (percentile) *percentile = std::stod(m[1].str());
    return Builtin::Percentile;
  }
  return std::nullopt;
}

const Type* Checker::check_call(ast::Expr& e, Scope& scope) {
  if (is_table_call(e, scope)) {
    diags_.report<DiagKind::TableOutsideAxis>(e.span)
        .hint("bind it, `let quotes = table(\"quotes.csv\", Quote)`, and sweep over it: `over q in quotes`");
    return types_.error();
  }
  // A user function shadows a builtin of the same name.
  if (!scope.find(e.text)) {
    if (const Symbol* s = find_global(scope.module, e.text, e.name_span, true)) {
      if (s->kind == SymbolKind::Fn) return check_user_call(e, scope, *s->fn, s->module);
      if (s->kind == SymbolKind::Type) {
        diags_.report<DiagKind::NotCallable>(e.name_span, e.text, "a record type")
            .hint(fmt::format("make a record with braces: `{} {{ field = ... }}`", e.text));
        for (auto& a : e.args) check(*a.value, scope);
        return types_.error();
      }
    }
  }
  double pct = 50;
  auto b = builtin_by_name(e.text, e.args.size(), &pct);
  if (!b) {
    if (scope.find(e.text) || find_global(scope.module, e.text, e.name_span, false)) {
      diags_.report<DiagKind::NotCallable>(e.name_span, e.text, "a value");
    } else {
      auto d = diags_.report<DiagKind::UnknownFunction>(e.name_span, e.text);
      std::vector<std::string> pool = builtin_names();
      for (const auto& [n, s] : prog_.modules[scope.module].symbols)
        if (s.kind == SymbolKind::Fn) pool.push_back(n);
      for (size_t imp : prog_.modules[scope.module].imports)
        for (const auto& [n, s] : prog_.modules[imp].symbols)
          if (s.kind == SymbolKind::Fn) pool.push_back(n);
      if (auto near = suggest(e.text, pool); !near.empty()) {
        did_you_mean(d, e.name_span, {near[0]});
      } else {
        missing_import_hint(d, scope.module, e.text, true);
      }
    }
    for (auto& a : e.args) check(*a.value, scope);
    return types_.error();
  }
  return check_builtin(e, scope, *b);
}

// `min`, `max` and `clamp` compare, so an unset argument takes the dimension of the first
// quantity among the others: `min(batch, auto)` is `batch`.
static void adopt_unset(std::vector<const Type*>& ts) {
  auto known = std::find_if(ts.begin(), ts.end(), [](const Type* t) { return t->is_quantity(); });
  if (known == ts.end()) return;
  for (auto& t : ts)
    if (t->is_unset()) t = *known;
}

const Type* Checker::check_builtin(ast::Expr& e, Scope& scope, Builtin b) {
  bool summary_allowed = show_context_ || summary_expr_;
  show_context_ = false;
  Ref ref(RefKind::Builtin);
  ref.builtin = b;
  std::vector<const Type*> ts;
  // A summary's argument is a per-point value: no summary inside it.
  const bool saved_summary_expr = summary_expr_;
  if (is_aggregate(b)) summary_expr_ = false;
  for (auto& a : e.args) {
    if (a.name) {
      diags_.report<DiagKind::UnknownArgument>(a.name_span, e.text, *a.name).note("builtins take positional arguments");
      summary_expr_ = saved_summary_expr;
      return types_.error();
    }
    ts.push_back(check(*a.value, scope));
    ref.args.push_back(a.value.get());
  }
  summary_expr_ = saved_summary_expr;
  for (const Type* t : ts)
    if (t->is_error()) return types_.error();
  auto bad = [&]<DiagKind K>(auto&&... args) {
    diags_.report<K>(e.span, args...);
    return types_.error();
  };
  auto arity = [&](size_t lo, size_t hi, const char* shape) {
    if (ts.size() < lo || ts.size() > hi) {
      diags_.report<DiagKind::BuiltinArity>(e.span, e.text, shape);
      return false;
    }
    return true;
  };
  auto all_quantities = [&]() {
    for (size_t i = 0; i < ts.size(); ++i)
      if (!ts[i]->is_quantity()) {
        diags_.report<DiagKind::NotQuantity>(e.args[i].value->span, fmt::format("`{}`", e.text), describe(ts[i]));
        return false;
      }
    return true;
  };
  auto same_dims = [&]() {
    if (!all_quantities()) return false;
    for (size_t i = 1; i < ts.size(); ++i)
      if (ts[i] != ts[0]) {
        diags_.report<DiagKind::TypeMismatch>(e.args[i].value->span, fmt::format("argument {} of `{}`", i + 1, e.text),
                      describe(ts[0]), describe(ts[i]))
            .label(e.args[0].value->span, describe(ts[0]));
        return false;
      }
    return true;
  };
  const Type* result = types_.error();
  if (is_distribution(b) && !scope.simulation) {
    diags_.report<DiagKind::RandomOutsideSimulate>(e.name_span, e.text);
    return types_.error();
  }
  if (is_aggregate(b) && !summary_allowed) {
    diags_.report<DiagKind::AggregateOutsideShow>(e.name_span, e.text)
        .hint("a summary is a `show` column or part of one (`show p90(cost) -> $/Mtok`, `show peak: max(x) * price`); "
              "elsewhere, bind the study and read its column (`let r = simulate ... show p90: p90(cost)`, then `r.p90`)");
    return types_.error();
  }
  bool compares = b == Builtin::Min || b == Builtin::Max || b == Builtin::Clamp;
  bool all_unset = !ts.empty() && std::all_of(ts.begin(), ts.end(), [](const Type* t) { return t->is_unset(); });
  if (compares) {
    adopt_unset(ts);
  } else {
    // Other builtins compute with their argument's dimension, which an unset one lacks.
    bool unset = false;
    for (size_t i = 0; i < ts.size(); ++i)
      unset = reject_unset(ts[i], *e.args[i].value, fmt::format("an argument of `{}`", e.text)) || unset;
    if (unset) return types_.error();
  }
  switch (b) {
    case Builtin::Min:
    case Builtin::Max:
      if (!arity(2, 64, "two or more values of one dimension") || (!all_unset && !same_dims())) break;
      result = ts[0];
      break;
    case Builtin::Clamp:
      if (!arity(3, 3, "a value, a lower and an upper bound: `clamp(x, lo, hi)`") || (!all_unset && !same_dims())) break;
      result = ts[0];
      break;
    case Builtin::Abs:
      if (!arity(1, 1, "one value") || !all_quantities()) break;
      result = ts[0];
      break;
    case Builtin::Ceil:
    case Builtin::Floor:
    case Builtin::Round:
    case Builtin::Ln:
    case Builtin::Exp:
    case Builtin::Log10:
    case Builtin::Log2:
    case Builtin::Sin:
    case Builtin::Cos:
      if (!arity(1, 1, "one plain number") || !all_quantities()) break;
      if (!ts[0]->dim.dimensionless()) {
        diags_.report<DiagKind::BuiltinNeedsNumber>(e.span, e.text, describe(ts[0]))
            .hint(b == Builtin::Sin || b == Builtin::Cos
                      ? fmt::format("an angle is a plain number of radians: `{}(2 * pi * t / 1 d)` turns once a day", e.text)
                      : fmt::format("divide by a unit first, as in `{}(x / 1 GB)`", e.text));
        break;
      }
      result = ts[0];
      break;
    case Builtin::Sqrt: {
      if (!arity(1, 1, "one value") || !all_quantities()) break;
      auto d = ts[0]->dim.sqrt();
      if (!d) return bad.template operator()<DiagKind::SqrtDimension>(describe(ts[0]));
      result = types_.quantity(*d);
      break;
    }
    case Builtin::Pow: {
      if (!arity(2, 2, "a base and an exponent: `pow(x, n)`") || !all_quantities()) break;
      if (!ts[1]->dim.dimensionless()) return bad.template operator()<DiagKind::PowExponentNotPlain>();
      if (ts[0]->dim.dimensionless()) {
        result = ts[0];
        break;
      }
      auto n = constant_number(*e.args[1].value);
      if (!n || *n != std::floor(*n) || std::fabs(*n) > 8)
        return bad.template operator()<DiagKind::PowNotConstant>(describe(ts[0]));
      result = types_.quantity(ts[0]->dim.pow(static_cast<int>(*n)));
      break;
    }
    case Builtin::Uniform:
      if (!arity(2, 2, "a low and a high value: `uniform(lo, hi)`") || !same_dims()) break;
      result = ts[0];
      break;
    case Builtin::Normal:
      if (!arity(2, 2, "a mean and a standard deviation: `normal(mean, sd)`") || !same_dims()) break;
      result = ts[0];
      break;
    case Builtin::Triangular:
      if (!arity(3, 3, "a low, a most likely and a high value: `triangular(lo, mode, hi)`") || !same_dims()) break;
      result = ts[0];
      break;
    case Builtin::Lognormal:
      if (!arity(2, 2, "a median and a log-space sigma: `lognormal(median, sigma)`") || !all_quantities()) break;
      if (!ts[1]->dim.dimensionless()) return bad.template operator()<DiagKind::SigmaNotPlain>();
      result = ts[0];
      break;
    case Builtin::Count:
      if (!arity(0, 0, "no arguments: `count()`")) break;
      result = types_.number();
      break;
    case Builtin::Percentile: {
      if (e.text == "percentile") {
        if (!arity(2, 2, "a value and a percentage: `percentile(x, 95%)`") || !all_quantities()) break;
        auto p = constant_number(*e.args[1].value);
        if (!p || *p < 0 || *p > 1) return bad.template operator()<DiagKind::BadPercentile>();
        ref.percentile = *p * 100;
      } else {
        if (!arity(1, 1, "one value")) break;
        builtin_by_name(e.text, 1, &ref.percentile);
        if (!all_quantities()) break;
      }
      result = ts[0];
      break;
    }
    case Builtin::Mean:
    case Builtin::AggMin:
    case Builtin::AggMax:
    case Builtin::Sum:
    case Builtin::Stddev:
      if (!arity(1, 1, "one value") || !all_quantities()) break;
      result = ts[0];
      break;
  }
  if (!result->is_error()) prog_.refs[&e] = ref;
  index_name(e.name_span, Span{}, NameKind::Builtin, e.text, result);
  return result;
}

const Type* Checker::check_user_call(ast::Expr& e, Scope& scope, const ast::FnDecl& fn, size_t fn_module) {
  FnSig& sig = check_fn(fn, fn_module, e.name_span);
  index_name(e.name_span, fn.span, NameKind::Fn, fn.name, sig.result).fn = &fn;
  if (sig.state != FnSig::Done) {
    for (auto& a : e.args) check(*a.value, scope);
    return types_.error();
  }
  Ref ref(RefKind::Function);
  ref.fn = &fn;
  ref.module = fn_module;
  ref.args.assign(fn.params.size(), nullptr);
  bool ok = true, named_seen = false;
  size_t next = 0;
  for (auto& a : e.args) {
    check(*a.value, scope);
    size_t slot;
    if (a.name) {
      named_seen = true;
      auto it = std::find_if(fn.params.begin(), fn.params.end(), [&](const ast::Param& p) { return p.name == *a.name; });
      if (it == fn.params.end()) {
        auto d = diags_.report<DiagKind::UnknownArgument>(a.name_span, fn.name, *a.name);
        std::vector<std::string> names;
        for (const auto& p : fn.params) names.push_back(p.name);
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "`" : ", `") + n + "`";
        d.note(fmt::format("`{}` takes {}", fn.name, list)).label(fn.span, "defined here");
        ok = false;
        continue;
      }
      slot = static_cast<size_t>(it - fn.params.begin());
      auto& use = index_name(a.name_span, it->span, NameKind::Param, it->name, sig.params[slot]);
      use.fn = &fn;
      use.value = a.value.get();
    } else {
      if (named_seen) {
        diags_.report<DiagKind::PositionalAfterNamed>(a.value->span).hint("name this argument too");
        ok = false;
        continue;
      }
      if (next >= fn.params.size()) {
        diags_.report<DiagKind::TooManyArguments>(a.value->span, fn.name, fn.params.size(), e.args.size())
            .label(fn.span, "defined here");
        ok = false;
        break;
      }
      slot = next++;
    }
    if (ref.args[slot]) {
      auto d = diags_.report<DiagKind::DuplicateArgument>(a.name ? a.name_span : a.value->span, fn.params[slot].name);
      d.label(ref.args[slot]->span, "given here first");
      // `gpu = 8` for `gpus = 8`: a parameter not given yet, spelled nearly so, was meant.
      std::vector<std::string> open;
      for (size_t i = 0; i < fn.params.size(); ++i)
        if (!ref.args[i]) open.push_back(fn.params[i].name);
      if (auto near = suggest(fn.params[slot].name, open); a.name && !near.empty())
        did_you_mean(d, a.name_span, {near.front()});
      ok = false;
      continue;
    }
    ref.args[slot] = a.value.get();
    if (!expect(sig.params[slot], *a.value, fmt::format("argument `{}` of `{}`", fn.params[slot].name, fn.name)))
      ok = false;
  }
  // After a bad argument the missing one is usually the same mistake: say it once.
  for (size_t i = 0; i < fn.params.size() && ok; ++i)
    if (!ref.args[i] && !fn.params[i].default_value) {
      diags_.report<DiagKind::MissingArgument>(e.span, fn.params[i].name, fn.name).label(fn.params[i].span, "declared here");
      ok = false;
    }
  if (!ok) return types_.error();
  prog_.refs[&e] = ref;
  return sig.result ? sig.result : types_.error();
}

void Checker::bind_fields(ast::Expr& e, Scope& scope, const RecordInfo& rec, bool all_required, Ref& ref) {
  ref.args.assign(rec.fields.size(), nullptr);
  bool ok = true;
  for (auto& a : e.args) {
    check(*a.value, scope);
    if (!a.name) continue;  // the parser names every field
    int i = rec.field_index(*a.name);
    if (i < 0) {
      auto d = diags_.report<DiagKind::UnknownField>(a.name_span, fmt::format("`{}`", rec.name), *a.name);
      std::vector<std::string> fields;
      for (const auto& f : rec.fields) fields.push_back(f.name);
      if (auto near = suggest(*a.name, fields); !near.empty()) did_you_mean(d, a.name_span, {near[0]});
      ok = false;
      continue;
    }
    if (ref.args[i]) {
      diags_.report<DiagKind::DuplicateField>(a.name_span, *a.name);
      ok = false;
      continue;
    }
    auto& use = index_name(a.name_span, rec.fields[i].decl->span, NameKind::Field, *a.name, rec.fields[i].type);
    use.record = &rec;
    use.value = a.value.get();
    ref.args[i] = a.value.get();
    if (!expect(rec.fields[i].type, *a.value, fmt::format("field `{}` of `{}`", *a.name, rec.name))) ok = false;
  }
  if (all_required && ok) {
    std::vector<std::string> missing;
    for (size_t i = 0; i < rec.fields.size(); ++i)
      if (!ref.args[i] && !rec.fields[i].decl->default_value) missing.push_back("`" + rec.fields[i].name + "`");
    if (!missing.empty()) {
      std::string list;
      for (size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
      diags_.report<DiagKind::MissingField>(e.name_span.valid() ? e.name_span : e.span,
                    fmt::format("field{} {}", missing.size() > 1 ? "s" : "", list), rec.name)
          .label(rec.decl->span, "declared here");
      ok = false;
    }
  }
  if (ok) prog_.refs[&e] = ref;
}

const Type* Checker::check_record_literal(ast::Expr& e, Scope& scope) {
  const Symbol* s = scope.find(e.text) ? nullptr : find_global(scope.module, e.text, e.name_span, true);
  if (s && s->kind == SymbolKind::Fn) {
    // `OnPrem { pue = 1.3 }` calls a function with named arguments.
    return check_user_call(e, scope, *s->fn, s->module);
  }
  if (!s || s->kind != SymbolKind::Type) {
    auto d = diags_.report<DiagKind::UnknownType>(e.name_span, e.text);
    missing_import_hint(d, scope.module, e.text);
    for (auto& a : e.args) check(*a.value, scope);
    return types_.error();
  }
  index_name(e.name_span, s->span, NameKind::Type, e.text, types_.record(s->record)).record = s->record;
  Ref ref(RefKind::Record);
  ref.record = s->record;
  size_t before = diags_.error_count();
  bind_fields(e, scope, *s->record, true, ref);
  if (diags_.error_count() != before) return types_.error();
  return types_.record(s->record);
}

const Type* Checker::check_with(ast::Expr& e, Scope& scope) {
  const Type* base = check(*e.a, scope);
  if (base->is_error()) {
    for (auto& a : e.args) check(*a.value, scope);
    return base;
  }
  if (base->kind != TypeKind::Record) {
    diags_.report<DiagKind::NotARecord>(e.a->span, describe(base));
    return types_.error();
  }
  Ref ref(RefKind::Record);
  ref.record = base->record;
  size_t before = diags_.error_count();
  bind_fields(e, scope, *base->record, false, ref);
  if (diags_.error_count() != before) return types_.error();
  return base;
}

// Whether a summary (`max(x)`, `p90(x)`) appears in `e`, by name: checking says whether it is one.
bool Checker::has_summary(const ast::Expr& e) const {
  std::vector<const ast::Expr*> work{&e};
  double pct = 0;
  while (!work.empty()) {
    const ast::Expr* x = work.back();
    work.pop_back();
    if (aggregate_of(*x, &pct)) return true;
    ast::for_each_child(*x, [&](const ast::Expr& c) { work.push_back(&c); });
  }
  return false;
}

// E0216 at each per-point value of a summary expression outside its summaries: `max(x) * y`
// has no one value of y to multiply by.
void Checker::reject_per_point(const ast::Expr& e) {
  const ast::Expr* summary = nullptr;
  std::vector<const ast::Expr*> work{&e};
  double pct = 0;
  while (!work.empty() && !summary) {
    const ast::Expr* x = work.back();
    work.pop_back();
    if (aggregate_of(*x, &pct)) summary = x;
    ast::for_each_child(*x, [&](const ast::Expr& c) { work.push_back(&c); });
  }
  work = {&e};
  while (!work.empty()) {
    const ast::Expr* x = work.back();
    work.pop_back();
    auto r = prog_.refs.find(x);
    if (r == prog_.refs.end()) {
      ast::for_each_child(*x, [&](const ast::Expr& c) { work.push_back(&c); });
      continue;
    }
    if (r->second.kind == RefKind::Builtin && is_aggregate(r->second.builtin)) continue;  // per point inside
    if (r->second.kind == RefKind::Local && x->kind == ast::ExprKind::Name) {
      diags_.report<DiagKind::AggregateMix>(x->span, syntax::span_text(prog_.sm, summary ? summary->span : e.span))
          .hint(fmt::format("`{}` takes a value per point: summarise it too (`mean({})`), or bind a constant with a "
                            "top-level `let`", x->text, x->text));
      continue;
    }
    ast::for_each_child(*x, [&](const ast::Expr& c) { work.push_back(&c); });
  }
}

std::optional<Builtin> Checker::aggregate_of(const ast::Expr& e, double* percentile) const {
  if (e.kind != ast::ExprKind::Call) return std::nullopt;
  auto b = builtin_by_name(e.text, e.args.size(), percentile);
  if (b && is_aggregate(*b)) return b;
  return std::nullopt;
}

const Type* Checker::check_show_item(ast::ShowItem& item, Scope& scope, bool* is_aggregate) {
  double pct = 50;
  *is_aggregate = aggregate_of(*item.value, &pct).has_value();
  show_context_ = *is_aggregate;
  // A summary at the top (check_builtin consumes the flag), or summaries combined with
  // constants (`max(x) * price`, `p90(c) / p50(c)`); a summary's argument is per point.
  summary_expr_ = !*is_aggregate && has_summary(*item.value);
  const Type* t = check(*item.value, scope);
  show_context_ = false;
  if (summary_expr_ && !t->is_error()) {
    *is_aggregate = true;
    reject_per_point(*item.value);
  }
  summary_expr_ = false;
  if (reject_unset(t, *item.value, "shown")) return types_.error();
  if (t->kind == TypeKind::Record && (!t->record || t->record->field_index("name") < 0))
    diags_.report<DiagKind::TypeMismatch>(item.value->span, "a `show` column", "a quantity, text or Bool", describe(t))
        .hint("show one of its fields");
  if (item.unit && !t->is_error()) {
    auto q = resolve_unit(*item.unit, nullptr);
    if (q && (!t->is_quantity() || !(q->dim == t->dim))) {
      auto d = diags_.report<DiagKind::BadConversion>(item.unit->span, describe(t), item.unit->text,
                                                      prog_.dims.describe(q->dim))
                   .label(item.value->span, describe(t));
      if (t->is_quantity()) conversion_hint(d, *item.value, t->dim, q->dim, *item.unit, true);
    }
  }
  return t;
}

}  // namespace tco::sema
