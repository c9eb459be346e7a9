// Expressions: names, literals, operators and their dimensions.
#include <algorithm>
#include <cmath>

#include "compiler/diagnostics/stack.h"
#include "compiler/sema/checker.h"
#include "compiler/sema/stdlib_names.h"
#include "compiler/syntax/parse.h"

namespace tco::sema {

// ---- names, units and types ---------------------------------------------------------

const Symbol* Checker::find_global(size_t module, const std::string& name, Span use, bool report) {
  const auto& mod = prog_.modules[module];
  if (auto it = mod.symbols.find(name); it != mod.symbols.end()) return &it->second;
  const Symbol* found = nullptr;
  std::vector<std::string> where;
  for (size_t imp : mod.imports) {
    const auto& syms = prog_.modules[imp].symbols;
    if (auto it = syms.find(name); it != syms.end()) {
      if (!found) found = &it->second;
      where.push_back(prog_.modules[imp].name);
    }
  }
  if (where.size() > 1 && report) {
    diags_.report<DiagKind::AmbiguousName>(use, name, join_ticked(where))
        .hint("define it under another name in your plan, or import only one of these modules");
  }
  return found;
}

NameUse& Checker::index_name(Span at, Span decl, NameKind kind, const std::string& name, const Type* type) {
  if (!prog_.index_names) return unindexed_ = NameUse{};
  NameUse u;
  u.at = at;
  u.decl = decl;
  u.kind = kind;
  u.name = name;
  u.type = type;
  return prog_.uses.emplace_back(std::move(u));
}

NameUse& Checker::index_local(Span at, const Local& l) {
  NameUse& u = index_name(at, l.span, l.kind, l.name, l.type);
  u.value = l.value;
  return u;
}

// `import gpus` names the module's file; the loader kept the resolved imports in order, after
// the prelude every module but the prelude sees.
void Checker::index_imports(size_t m) {
  const auto& info = prog_.modules[m];
  const auto& imports = info.ast->imports;
  if (info.imports.size() < imports.size()) return;
  size_t skip = info.imports.size() - imports.size();
  for (size_t i = 0; i < imports.size(); ++i) {
    const auto& target = prog_.modules[info.imports[skip + i]];
    index_name(imports[i].span, Span{target.ast->file, 0, 0}, NameKind::Module, imports[i].module, nullptr);
  }
}

std::vector<std::string> Checker::visible_names(const Scope* scope, size_t module) const {
  std::vector<std::string> out;
  for (const Scope* s = scope; s; s = s->parent)
    for (const auto& l : s->locals) out.push_back(l.name);
  const auto& mod = prog_.modules[module];
  for (const auto& [n, s] : mod.symbols) out.push_back(n);
  for (size_t imp : mod.imports)
    for (const auto& [n, s] : prog_.modules[imp].symbols) out.push_back(n);
  return out;
}

std::optional<Dim> Checker::resolve_dimension(const ast::Product& p) {
  Dim d;
  for (const auto& f : p.factors) {
    if (f.name == "Number" || f.name == "Dimensionless") continue;
    auto base = prog_.dims.lookup(f.name);
    if (!base) {
      diags_.report<DiagKind::UnknownType>(f.span, f.name).note("dimensions are declared with `dimension Name`");
      return std::nullopt;
    }
    index_name(f.span, prog_.dims.decl_of(f.name), NameKind::Dimension, f.name, types_.quantity(*base));
    d = d * base->pow(f.power);
  }
  return d;
}

const Type* Checker::resolve_type(const ast::TypeExpr& t, size_t module) {
  const auto& fs = t.product.factors;
  if (fs.size() == 1 && fs[0].power == 1) {
    const auto& n = fs[0].name;
    if (n == "Text") return types_.text();
    if (n == "Bool") return types_.boolean();
    if (const Symbol* s = find_global(module, n, fs[0].span, true); s && s->kind == SymbolKind::Type) {
      index_name(fs[0].span, s->span, NameKind::Type, n, types_.record(s->record)).record = s->record;
      return types_.record(s->record);
    }
  }
  Dim d;
  for (const auto& f : fs) {
    if (f.name == "Number" || f.name == "Dimensionless") continue;
    auto base = prog_.dims.lookup(f.name);
    if (!base) {
      auto d2 = diags_.report<DiagKind::UnknownType>(f.span, f.name);
      std::vector<std::string> pool = {"Number", "Text", "Bool"};
      for (size_t i = 0; i < prog_.dims.base_count(); ++i) pool.push_back(prog_.dims.base_name(i));
      for (const auto& n : visible_names(nullptr, module)) pool.push_back(n);
      if (auto c = suggest(f.name, pool); !c.empty()) did_you_mean(d2, f.span, c);
      if (prog_.units.find(f.name))
        d2.hint(fmt::format("`{}` is a unit; a type names a dimension, such as `Data/Time`", f.name));
      return types_.error();
    }
    index_name(f.span, prog_.dims.decl_of(f.name), NameKind::Dimension, f.name, types_.quantity(*base));
    d = d * base->pow(f.power);
  }
  return types_.quantity(d);
}

std::optional<Quantity> Checker::resolve_unit(const ast::Product& p, const Scope* scope) {
  Quantity q;
  bool ok = true;
  for (const auto& f : p.factors) {
    const UnitInfo* u = prog_.units.find(f.name);
    if (!u) {
      ok = false;
      bool is_value = (scope && scope->find(f.name)) ||
                      (scope && find_global(scope->module, f.name, f.span, false));
      if (is_value) {
        diags_.report<DiagKind::ValueNotUnit>(f.span, f.name)
            .hint("a unit is a name such as `GB`, `tok/s` or `$/hr`; to divide by a value, write `/ value`");
        continue;
      }
      auto d = diags_.report<DiagKind::UnknownUnit>(f.span, f.name);
      if (f.name.size() == 1 && std::string("kMGT").find(f.name[0]) != std::string::npos)
        d.hint(fmt::format("a count suffix is written against the number, without a space: `5{}`", f.name));
      else if (auto sim = prog_.units.similar(f.name); !sim.empty())
        did_you_mean(d, f.span, sim);
      else
        d.note("units are declared with `unit name = ...`; the built-in ones are in stdlib/prelude.tco");
      continue;
    }
    index_name(f.span, u->decl, NameKind::Unit, f.name, types_.quantity(u->dim)).unit = u;
    q.scale *= std::pow(u->scale, f.power);
    q.dim = q.dim * u->dim.pow(f.power);
  }
  if (!ok) return std::nullopt;
  prog_.products[&p] = q;
  return q;
}

bool Checker::expect(const Type* want, const Type* got, Span at, const std::string& what) {
  if (want == got || want->is_error() || got->is_error()) return true;
  if (got->is_unset() && want->is_quantity()) return true;
  auto d = diags_.report<DiagKind::TypeMismatch>(at, what, describe(want), describe(got)).primary_label(describe(got));
  if (want->is_quantity() && got->is_quantity()) {
    if (auto h = conversion_hint(got->dim, want->dim, "it"); !h.empty()) d.hint(h);
  }
  if (got->is_unset()) d.hint("`none` and `auto` leave a quantity unset; they cannot stand for a Bool, a text or a record");
  return false;
}

bool Checker::expect(const Type* want, ast::Expr& e, const std::string& what) {
  if (!expect(want, e.type, e.span, what)) return false;
  if (e.type->is_unset() && want->is_quantity()) e.type = want;
  return true;
}

bool Checker::reject_unset(const Type* t, const ast::Expr& e, const std::string& role) {
  if (!t->is_unset()) return false;
  diags_.report<DiagKind::UnsetArithmetic>(e.span, syntax::span_text(prog_.sm, e.span))
      .primary_label(role)
      .hint("`none`/`auto` can be compared (`x == none`) or passed where a quantity is expected; "
            "give a value with a unit instead");
  return true;
}

std::optional<double> Checker::constant_number(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Number && e.unit.empty()) return e.number;
  if (e.kind == ast::ExprKind::Number) {
    if (auto it = prog_.products.find(&e.unit); it != prog_.products.end() && it->second.dim.dimensionless())
      return e.number * it->second.scale;
    return std::nullopt;
  }
  if (e.kind == ast::ExprKind::Unary && e.un == ast::UnOp::Neg)
    if (auto v = constant_number(*e.a)) return -*v;
  return std::nullopt;
}

// ---- expressions ----------------------------------------------------------------------

// `1B tok/day`: B is the byte, never a billion (so `1B` alone is one byte), but bytes times
// another unit, written against the number, is almost surely a billion meant.
void Checker::warn_byte_suffix(const ast::Expr& e) {
  const auto& fs = e.unit.factors;
  if (fs.size() < 2 || fs[0].name != stdlib_names::kByte || fs[0].power != 1) return;
  const std::string& text = prog_.sm.file(fs[0].span.file).text;
  if (fs[0].span.begin == 0 || !std::isdigit(static_cast<unsigned char>(text[fs[0].span.begin - 1]))) return;
  bool other_positive = false;
  for (size_t i = 1; i < fs.size(); ++i) other_positive = other_positive || fs[i].power > 0;
  if (!other_positive) return;
  diags_.report<DiagKind::ByteNotBillion>(fs[0].span, syntax::span_text(prog_.sm, e.span))
      .hint(fmt::format("`B` is the byte; for a billion write `{}G` or `{}000M`",
                        syntax::span_text(prog_.sm, Span{e.span.file, e.span.begin, fs[0].span.begin}),
                        syntax::span_text(prog_.sm, Span{e.span.file, e.span.begin, fs[0].span.begin})));
}

// `1 tok / tpot`: a literal's unit ends at the first name that is a value in scope, so
// analysts can divide by a variable without parentheses. The node is rewritten in place
// into `(1 tok) / tpot`; later factors become names too (a unit name then reads as one
// of that unit). A name that is both a unit and a value stays the unit.
bool Checker::split_value_factors(ast::Expr& e, const Scope& scope) {
  auto& fs = e.unit.factors;
  size_t split = fs.size();
  for (size_t i = 0; i < fs.size() && split == fs.size(); ++i) {
    if (prog_.units.find(fs[i].name)) continue;
    if (scope.find(fs[i].name) || find_global(scope.module, fs[i].name, fs[i].span, false)) split = i;
  }
  if (split == fs.size()) return false;
  for (size_t i = split; i < fs.size(); ++i)
    if (fs[i].power != 1 && fs[i].power != -1) return false;  // `x^2` after a number: leave it to E0108
  std::vector<ast::Factor> tail(fs.begin() + static_cast<long>(split), fs.end());
  auto head = std::make_unique<ast::Expr>(ast::ExprKind::Number, e.span);
  head->number = e.number;
  head->unit.factors.assign(fs.begin(), fs.begin() + static_cast<long>(split));
  head->unit.span = e.unit.span;
  for (const auto& f : head->unit.factors) head->unit.text += (head->unit.text.empty() ? "" : (f.power < 0 ? "/" : " ")) + f.name;
  if (split > 0) head->span = Span::cover(e.span, head->unit.factors.back().span);
  head->span.end = split > 0 ? head->unit.factors.back().span.end : tail[0].span.begin;
  ast::ExprPtr acc = std::move(head);
  for (const auto& f : tail) {
    auto name = std::make_unique<ast::Expr>(ast::ExprKind::Name, f.span);
    name->text = f.name;
    auto bin = std::make_unique<ast::Expr>(ast::ExprKind::Binary, Span::cover(acc->span, f.span));
    bin->bin = f.power < 0 ? ast::BinOp::Div : ast::BinOp::Mul;
    bin->a = std::move(acc);
    bin->b = std::move(name);
    acc = std::move(bin);
  }
  Span whole = e.span;
  e = std::move(*acc);
  e.span = whole;
  return true;
}

const Type* Checker::check(ast::Expr& e, Scope& scope) {
  using K = ast::ExprKind;
  const Type* t = types_.error();
  // Every path from one definition into another (a let, a function, a field default)
  // passes through here, so this one test bounds all of them.
  if (stack_nearly_full()) {
    if (!out_of_stack_) report_definitions_too_deep(diags_, e.span);
    out_of_stack_ = true;
    e.type = t;
    return t;
  }
  switch (e.kind) {
    case K::Number: {
      if (split_value_factors(e, scope)) return check(e, scope);
      warn_byte_suffix(e);
      auto q = resolve_unit(e.unit, &scope);
      t = q ? types_.quantity(q->dim) : types_.error();
      if (q && !std::isfinite(e.number * q->scale))
        diags_.report<DiagKind::BadNumber>(e.span, syntax::span_text(prog_.sm, e.span))
            .note("it is beyond the range of a 64-bit float");
      break;
    }
    case K::String: t = types_.text(); break;
    case K::Bool: t = types_.boolean(); break;
    case K::Name: t = check_name(e, scope); break;
    case K::Field: {
      const Type* base = check(*e.a, scope);
      if (base->is_error()) break;
      if (base->kind != TypeKind::Record) {
        diags_.report<DiagKind::NoFields>(e.a->span, fmt::format("`{}` is {}, which", syntax::span_text(prog_.sm, e.a->span), describe(base)))
            .label(e.name_span, "no field here");
        break;
      }
      int i = base->record->field_index(e.text);
      if (i < 0 && base->record->study) {
        unknown_study_field(e, *base->record);
        break;
      }
      if (i < 0) {
        auto d = diags_.report<DiagKind::UnknownField>(e.name_span, fmt::format("`{}`", base->record->name), e.text);
        std::vector<std::string> pool;
        for (const auto& f : base->record->fields) pool.push_back(f.name);
        if (auto c = suggest(e.text, pool); !c.empty()) did_you_mean(d, e.name_span, c);
        else d.note(fmt::format("`{}` has {}", base->record->name, join_ticked(pool)));
        break;
      }
      t = base->record->fields[i].type;
      {
        auto& use = index_name(e.name_span, base->record->fields[i].span, NameKind::Field, e.text, t);
        use.record = base->record;
        use.value = &e;
      }
      break;
    }
    case K::Call: t = check_call(e, scope); break;
    case K::RecordLit: t = check_record_literal(e, scope); break;
    case K::With: t = check_with(e, scope); break;
    case K::Unary: {
      const Type* a = check(*e.a, scope);
      if (a->is_error()) break;
      if (e.un == ast::UnOp::Neg) {
        if (reject_unset(a, *e.a, "negated")) break;
        if (!a->is_quantity()) diags_.report<DiagKind::NotQuantity>(e.span, "`-`", describe(a));
        else t = a;
      } else {
        if (a->kind != TypeKind::Bool) diags_.report<DiagKind::NotBoolean>(e.a->span, "the operand of `not`", describe(a));
        else t = a;
      }
      break;
    }
    case K::Binary: t = check_binary(e, scope); break;
    case K::If: {
      const Type* c = check(*e.a, scope);
      const Type* x = check(*e.b, scope);
      const Type* y = check(*e.c, scope);
      if (!c->is_error() && c->kind != TypeKind::Bool)
        diags_.report<DiagKind::NotBoolean>(e.a->span, "an `if` condition", describe(c));
      if (x->is_error() || y->is_error()) break;
      // An unset branch takes the other branch's quantity type: `if slo == none then 1 s else slo`.
      if (x->is_unset() && y->is_quantity()) x = y;
      if (y->is_unset() && x->is_quantity()) y = x;
      if (x != y) {
        auto d = diags_.report<DiagKind::BranchMismatch>(e.c->span, describe(x), describe(y))
                     .primary_label(describe(y))
                     .label(e.b->span, describe(x));
        if (x->is_quantity() && y->is_quantity())
          if (auto h = conversion_hint(y->dim, x->dim, "the `else` branch"); !h.empty()) d.hint(h);
        break;
      }
      t = x;
      break;
    }
    case K::Convert: {
      const Type* a = check(*e.a, scope);
      auto q = resolve_unit(e.unit, &scope);
      if (a->is_error() || !q) break;
      if (reject_unset(a, *e.a, fmt::format("converted to `{}`", e.unit.text))) break;
      if (!a->is_quantity() || !(a->dim == q->dim)) {
        auto d = diags_.report<DiagKind::BadConversion>(e.unit.span, describe(a), e.unit.text, prog_.dims.describe(q->dim))
                     .label(e.a->span, describe(a));
        if (a->is_quantity()) conversion_hint(d, *e.a, a->dim, q->dim, e.unit);
        break;
      }
      t = a;
      break;
    }
    case K::Search: {
      // The values come from the range; the variable is bound in the condition alone.
      const Type* elem = check_range(*e.a, scope);
      Scope inner;
      inner.parent = &scope;
      inner.module = scope.module;
      inner.simulation = scope.simulation;
      inner.locals.push_back(Local{e.text, elem, e.name_span, NameKind::Local, nullptr});
      index_local(e.name_span, inner.locals.back());
      const Type* c = check(*e.b, inner);
      if (!c->is_error() && c->kind != TypeKind::Bool)
        diags_.report<DiagKind::NotBoolean>(e.b->span, "a search's condition", describe(c))
            .hint(fmt::format("the condition says which values qualify, such as `{} <= 25 ms`", e.text));
      else if (!elem->is_error() && elem->is_quantity())
        t = elem;
      break;
    }
    case K::List:
    case K::Range:
      if (e.kind == K::List)
        diags_.report<DiagKind::ListOutsideAxis>(e.span);
      else
        diags_.report<DiagKind::RangeOutsideAxis>(e.span);
      break;
  }
  e.type = t;
  return t;
}

// A range's ends and step (a sweep's axis, a bounded search's values): the type of its values,
// or the error type after a diagnostic.
const Type* Checker::check_range(ast::Expr& v, Scope& scope) {
  const Type* lo = check(*v.a, scope);
  const Type* hi = check(*v.b, scope);
  const Type* s = v.c ? check(*v.c, scope) : nullptr;
  // A range enumerates values from its ends and step, which an unset one does not give.
  bool unset = reject_unset(lo, *v.a, "a range end");
  unset = reject_unset(hi, *v.b, "a range end") || unset;
  unset = (s && reject_unset(s, *v.c, "a range step")) || unset;
  if (unset) lo = hi = s = types_.error();
  if (!lo->is_error() && !lo->is_quantity())
    diags_.report<DiagKind::NotQuantity>(v.a->span, "a range", describe(lo));
  else if (!lo->is_error() && !hi->is_error() && lo != hi)
    diags_.report<DiagKind::RangeEndsDiffer>(v.span, describe(lo), describe(hi))
        .label(v.a->span, describe(lo))
        .label(v.b->span, describe(hi));
  if (v.c) {
    if (v.range == ast::RangeKind::Geometric) {
      if (!s->is_error() && s != types_.number())
        diags_.report<DiagKind::RatioNotPlain>(v.c->span, describe(s));
    } else if (!s->is_error() && !lo->is_error() && s != lo) {
      diags_.report<DiagKind::StepMismatch>(v.c->span, describe(lo), describe(s));
    }
  } else if (!lo->is_error() && lo != types_.number()) {
    diags_.report<DiagKind::RangeNeedsStep>(v.span)
        .hint(fmt::format("for example `{} step ...`", syntax::span_text(prog_.sm, v.span)));
  }
  v.type = lo;
  return lo;
}

const Type* Checker::check_name(ast::Expr& e, Scope& scope) {
  if (const Local* l = scope.find(e.text)) {
    prog_.refs[&e] = Ref(RefKind::Local);
    index_local(e.span, *l);
    return l->type;
  }
  if (const Symbol* s = find_global(scope.module, e.text, e.span, true)) {
    switch (s->kind) {
      case SymbolKind::Let: {
        Ref r(RefKind::GlobalLet);
        r.let = s->let;
        r.module = s->module;
        prog_.refs[&e] = r;
        const Type* t = check_global_let(*s->let, s->module);
        auto& use = index_name(e.span, s->span, NameKind::Let, e.text, t);
        use.let = s->let;
        use.value = s->let->value.get();
        if (t->kind == TypeKind::List && !list_ok_) {
          diags_.report<DiagKind::NotAValue>(e.span, e.text, describe(t))
              .hint(fmt::format("sweep over it: `over x in {}`", e.text));
          return types_.error();
        }
        return t;
      }
      case SymbolKind::Fn:
        index_name(e.span, s->span, NameKind::Fn, e.text, nullptr).fn = s->fn;
        diags_.report<DiagKind::NotAValue>(e.span, e.text, "a function").hint(fmt::format("call it: `{}(...)`", e.text));
        return types_.error();
      case SymbolKind::Type:
        index_name(e.span, s->span, NameKind::Type, e.text, types_.record(s->record)).record = s->record;
        diags_.report<DiagKind::NotAValue>(e.span, e.text, "a type")
            .hint(fmt::format("make a value of it with `{} {{ field = ... }}`", e.text));
        return types_.error();
      case SymbolKind::Study: return check_study_name(e, *s);
    }
  }
  if (const UnitInfo* u = prog_.units.find(e.text)) {
    // A bare unit is one of it: `1 / hr`, `rent * hr`.
    Ref r(RefKind::Unit);
    r.scale = u->scale;
    prog_.refs[&e] = r;
    index_name(e.span, u->decl, NameKind::Unit, e.text, types_.quantity(u->dim)).unit = u;
    return types_.quantity(u->dim);
  }
  // `none` and `auto` are not keywords: only a name that means nothing else is the literal,
  // so plans that define their own `none` keep it.
  if (e.text == "none" || e.text == "auto") {
    prog_.refs[&e] = Ref(RefKind::Unset);
    return types_.any_quantity();
  }
  auto d = diags_.report<DiagKind::UnknownName>(e.span, e.text);
  if (auto c = suggest(e.text, visible_names(&scope, scope.module)); !c.empty()) {
    did_you_mean(d, e.span, c);
    return types_.error();
  }
  missing_import_hint(d, scope.module, e.text);
  return types_.error();
}

const Type* Checker::check_binary(ast::Expr& e, Scope& scope) {
  using B = ast::BinOp;
  const Type* l = check(*e.a, scope);
  const Type* r = check(*e.b, scope);
  if (l->is_error() || r->is_error()) return types_.error();
  auto need_quantity = [&](const Type* t, const ast::Expr& side) {
    if (reject_unset(t, side, fmt::format("an operand of `{}`", ast::op_text(e.bin)))) return false;
    if (t->is_quantity()) return true;
    diags_.report<DiagKind::NotQuantity>(side.span, fmt::format("`{}`", ast::op_text(e.bin)), describe(t))
        .primary_label(describe(t));
    return false;
  };
  switch (e.bin) {
    case B::Add:
    case B::Sub: {
      if (!need_quantity(l, *e.a) || !need_quantity(r, *e.b)) return types_.error();
      if (l->dim == r->dim) return l;
      bool add = e.bin == B::Add;
      // Numbat style: each operand underlined with its dimension.
      auto d = add ? diags_.report<DiagKind::IncompatibleAdd>(e.a->span, "add", describe(l), "to", describe(r))
                   : diags_.report<DiagKind::IncompatibleAdd>(e.a->span, "subtract", describe(r), "from", describe(l));
      d.primary_label(describe(l)).label(e.b->span, describe(r));
      if (auto h = sides_hint(*e.a, l->dim, *e.b, r->dim); !h.empty()) d.hint(h);
      return types_.error();
    }
    case B::Mul:
    case B::Div: {
      if (!need_quantity(l, *e.a) || !need_quantity(r, *e.b)) return types_.error();
      return types_.quantity(e.bin == B::Mul ? l->dim * r->dim : l->dim / r->dim);
    }
    case B::Pow: {
      if (!need_quantity(l, *e.a) || !need_quantity(r, *e.b)) return types_.error();
      if (!r->dim.dimensionless()) {
        diags_.report<DiagKind::ExponentNotPlain>(e.b->span, describe(r));
        return types_.error();
      }
      if (l->dim.dimensionless()) return l;
      auto n = constant_number(*e.b);
      if (!n || *n != std::floor(*n) || std::fabs(*n) > 8) {
        diags_.report<DiagKind::ExponentNotConstant>(e.b->span, describe(l))
            .note("the result's dimension must be known before the plan runs");
        return types_.error();
      }
      return types_.quantity(l->dim.pow(static_cast<int>(*n)));
    }
    case B::And:
    case B::Or: {
      bool ok = true;
      for (auto [t, side] : {std::pair{l, e.a.get()}, std::pair{r, e.b.get()}})
        if (t->kind != TypeKind::Bool) {
          diags_.report<DiagKind::NotBoolean>(side->span, fmt::format("an operand of `{}`", ast::op_text(e.bin)), describe(t));
          ok = false;
        }
      return ok ? types_.boolean() : types_.error();
    }
    default: break;
  }
  // comparisons
  bool equality = e.bin == B::Eq || e.bin == B::Ne;
  // An unset side compares with any quantity: `tpot <= slo` holds when `slo` is `none`.
  bool unset = (l->is_unset() && (r->is_quantity() || r->is_unset())) || (r->is_unset() && l->is_quantity());
  bool same = unset || (l->is_quantity() && r->is_quantity() && l->dim == r->dim) ||
              (equality && l == r && (l->kind == TypeKind::Text || l->kind == TypeKind::Bool));
  if (!same) {
    auto d = diags_.report<DiagKind::IncompatibleCompare>(e.a->span, describe(l), describe(r));
    d.primary_label(describe(l)).label(e.b->span, describe(r));
    if (l->is_quantity() && r->is_quantity())
      if (auto h = sides_hint(*e.a, l->dim, *e.b, r->dim); !h.empty()) d.hint(h);
    return types_.error();
  }
  return types_.boolean();
}

}  // namespace tco::sema
