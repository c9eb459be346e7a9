// Declarations and top-level items: dimensions, units, record types, lets, functions,
// reports, sweeps, simulations and asserts.
#include <algorithm>
#include <cmath>

#include "compiler/sema/checker.h"
#include "compiler/sema/dependency_order.h"
#include "compiler/syntax/parse.h"

namespace tco::sema {

bool check_program(Program& prog, Diagnostics& diags) {
  Checker c(prog, diags);
  return c.run();
}

bool Checker::run() {
  // Modules are in dependency order, so a unit is declared before any module uses it.
  for (size_t m = 0; m < prog_.modules.size(); ++m) declare_dimensions_and_units(m);
  for (size_t m = 0; m < prog_.modules.size(); ++m) declare_symbols(m);
  for (size_t m = 0; m < prog_.modules.size(); ++m) index_imports(m);
  for (size_t m = 0; m < prog_.modules.size(); ++m) resolve_record_fields(m);
  for (size_t m = 0; m < prog_.modules.size(); ++m) check_items(m);
  return !diags_.has_errors();
}

void Checker::declare_dimensions_and_units(size_t m) {
  auto& mod = *prog_.modules[m].ast;
  for (const auto& item : mod.items) {
    if (item.kind == ast::ItemKind::Dimension) {
      const auto& d = mod.dimensions[item.index];
      if (prog_.dims.lookup(d.name)) {
        diags_.report<DiagKind::Redefinition>(d.span, d.name);
        continue;
      }
      if (!d.definition) {
        auto base = prog_.dims.add_base(d.name, d.span);
        if (!base) diags_.report<DiagKind::TooManyDimensions>(d.span, kMaxBaseDims);
        else index_name(d.span, d.span, NameKind::Dimension, d.name, types_.quantity(Dim::base(*base)));
        continue;
      }
      if (auto dim = resolve_dimension(*d.definition)) {
        prog_.dims.add_alias(d.name, *dim, d.span);
        index_name(d.span, d.span, NameKind::Dimension, d.name, types_.quantity(*dim));
      }
    } else if (item.kind == ast::ItemKind::Unit) {
      const auto& u = mod.units[item.index];
      UnitInfo info{u.name, 1, {}, u.span};
      if (u.base_of) {
        auto dim = resolve_dimension(*u.base_of);
        if (!dim) continue;
        info.dim = *dim;
        // The first unit declared for a base dimension is how values print without `->`.
        for (size_t i = 0; i < prog_.dims.base_count(); ++i)
          if (*dim == Dim::base(i) && !prog_.dims.has_base_unit(i))
            prog_.dims.set_base_unit(i, u.name);
      } else if (u.definition) {
        auto q = eval_unit_definition(*u.definition);
        if (!q) continue;
        info.scale = q->scale;
        info.dim = q->dim;
      }
      if (!prog_.units.add(info, u.prefixes)) {
        diags_.report<DiagKind::UnitRedefinition>(u.span, u.name);
        continue;
      }
      index_name(u.span, u.span, NameKind::Unit, u.name, types_.quantity(info.dim)).unit = prog_.units.find(u.name);
    }
  }
}

// Unit definitions are constant products of numbers and units: `60 min`, `yr / 12`, `1.08 $`.
std::optional<Quantity> Checker::eval_unit_definition(const ast::Expr& e) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::Number: {
      auto q = resolve_unit(e.unit, nullptr);
      if (!q) return std::nullopt;
      return Quantity{e.number * q->scale, q->dim};
    }
    case K::Name: {
      if (const UnitInfo* u = prog_.units.find(e.text)) return Quantity{u->scale, u->dim};
      diags_.report<DiagKind::UnknownUnit>(e.span, e.text);
      return std::nullopt;
    }
    case K::Unary:
      if (e.un == ast::UnOp::Neg) {
        auto q = eval_unit_definition(*e.a);
        if (q) q->scale = -q->scale;
        return q;
      }
      break;
    case K::Binary: {
      if (e.bin != ast::BinOp::Mul && e.bin != ast::BinOp::Div && e.bin != ast::BinOp::Pow) break;
      auto l = eval_unit_definition(*e.a);
      if (!l) return std::nullopt;
      if (e.bin == ast::BinOp::Pow) {
        auto n = constant_number(*e.b);
        if (!n || *n != std::floor(*n)) break;
        return Quantity{std::pow(l->scale, *n), l->dim.pow(static_cast<int>(*n))};
      }
      auto r = eval_unit_definition(*e.b);
      if (!r) return std::nullopt;
      if (e.bin == ast::BinOp::Mul) return Quantity{l->scale * r->scale, l->dim * r->dim};
      return Quantity{l->scale / r->scale, l->dim / r->dim};
    }
    default: break;
  }
  diags_.report<DiagKind::BadUnitDefinition>(e.span);
  return std::nullopt;
}

void Checker::declare_symbols(size_t m) {
  auto& info = prog_.modules[m];
  auto& mod = *info.ast;
  auto add = [&](const std::string& name, Span span, Symbol s) {
    auto [it, fresh] = info.symbols.emplace(name, s);
    if (!fresh)
      diags_.report<DiagKind::Redefinition>(span, name).label(it->second.span, "first defined here");
  };
  for (const auto& item : mod.items) {
    switch (item.kind) {
      case ast::ItemKind::Type: {
        const auto& t = mod.types[item.index];
        Symbol s(SymbolKind::Type, m);
        s.record = types_.new_record(t.name, &t, m);
        s.span = t.span;
        add(t.name, t.span, s);
        index_name(t.span, t.span, NameKind::Type, t.name, types_.record(s.record)).record = s.record;
        break;
      }
      case ast::ItemKind::Let: {
        const auto& l = mod.lets[item.index];
        Symbol s(SymbolKind::Let, m);
        s.let = &l;
        s.span = l.span;
        add(l.name, l.span, s);
        break;
      }
      case ast::ItemKind::Fn: {
        const auto& f = mod.fns[item.index];
        Symbol s(SymbolKind::Fn, m);
        s.fn = &f;
        s.span = f.span;
        add(f.name, f.span, s);
        break;
      }
      case ast::ItemKind::Study: {
        auto& st = mod.studies[item.index];
        if (st.binding.empty()) break;
        Symbol s(SymbolKind::Study, m);
        s.study = &st;
        s.span = st.binding_span;
        add(st.binding, st.binding_span, s);
        break;
      }
      default: break;
    }
  }
}

void Checker::resolve_record_fields(size_t m) {
  for (auto& [name, sym] : prog_.modules[m].symbols) {
    if (sym.kind != SymbolKind::Type) continue;
    std::set<std::string> seen;
    for (const auto& f : sym.record->decl->fields) {
      if (!seen.insert(f.name).second) {
        diags_.report<DiagKind::DuplicateField>(f.span, f.name);
        continue;
      }
      sym.record->fields.push_back(FieldInfo{f.name, resolve_type(f.type, m), &f, f.span});
      auto& use = index_name(f.span, f.span, NameKind::Field, f.name, sym.record->fields.back().type);
      use.record = sym.record;
      use.value = f.default_value.get();
    }
  }
}

const Type* Checker::check_global_let(const ast::LetDecl& let, size_t m) {
  int& state = let_state_[&let];
  if (state == 2) return let.value->type ? let.value->type : types_.error();
  if (state == 1) {
    diags_.report<DiagKind::CyclicDefinition>(let.span, let.name);
    return types_.error();
  }
  state = 1;
  Scope scope;
  scope.module = m;
  check_value_or_list(*let.value, scope);
  if (let.declared) expect(resolve_type(*let.declared, m), *let.value, fmt::format("`{}`", let.name));
  let_state_[&let] = 2;
  auto& use = index_name(let.span, let.span, NameKind::Let, let.name, let.value->type);
  use.let = &let;
  use.value = let.value.get();
  return let.value->type;
}

FnSig& Checker::check_fn(const ast::FnDecl& fn, size_t m, Span use) {
  FnSig& sig = fns_[&fn];
  if (sig.state == FnSig::Done) return sig;
  if (sig.state == FnSig::Checking) {
    if (use.valid()) diags_.report<DiagKind::Recursion>(use, fn.name).label(fn.span, "defined here");
    return sig;
  }
  sig.state = FnSig::Checking;
  Scope scope;
  scope.module = m;
  for (const auto& p : fn.params) {
    const Type* t = resolve_type(p.type, m);
    if (p.default_value) {
      check(*p.default_value, scope);
      expect(t, *p.default_value, fmt::format("default of `{}`", p.name));
    }
    for (const auto& l : scope.locals)
      if (l.name == p.name) diags_.report<DiagKind::Redefinition>(p.span, p.name).label(l.span, "first defined here");
    scope.locals.push_back(Local{p.name, t, p.span, NameKind::Param, p.default_value.get()});
    index_local(p.span, scope.locals.back()).fn = &fn;
    sig.params.push_back(t);
  }
  for (const auto& l : fn.lets) {
    check(*l.value, scope);
    if (l.declared) expect(resolve_type(*l.declared, m), *l.value, fmt::format("`{}`", l.name));
    scope.locals.push_back(Local{l.name, l.value->type, l.span, NameKind::Local, l.value.get()});
    index_local(l.span, scope.locals.back());
  }
  const Type* body = check(*fn.body, scope);
  if (fn.result) {
    sig.result = resolve_type(*fn.result, m);
    expect(sig.result, *fn.body, fmt::format("result of `{}`", fn.name));
  } else {
    sig.result = body;
  }
  sig.state = FnSig::Done;
  index_name(fn.span, fn.span, NameKind::Fn, fn.name, sig.result).fn = &fn;
  return sig;
}

void Checker::check_items(size_t m) {
  auto& mod = *prog_.modules[m].ast;
  for (auto& t : mod.types) {
    Scope scope;
    scope.module = m;
    for (auto& f : t.fields) {
      if (!f.default_value) continue;
      check(*f.default_value, scope);
      expect(resolve_type(f.type, m), *f.default_value, fmt::format("default of field `{}`", f.name));
    }
  }
  // Each let after the lets of this module it names, so that checking one never recurses
  // into another however long a chain of lets is, in whatever order the file lists it.
  const auto& symbols = prog_.modules[m].symbols;
  std::vector<const ast::LetDecl*> lets;
  for (const auto& l : mod.lets) lets.push_back(&l);
  auto named_lets = [&](const ast::LetDecl* l) {
    std::vector<const ast::LetDecl*> deps;
    for (const ast::Expr* name : names_in(*l->value))
      if (auto it = symbols.find(name->text); it != symbols.end() && it->second.kind == SymbolKind::Let)
        deps.push_back(it->second.let);
    return deps;
  };
  for (const ast::LetDecl* l : dependency_order(lets, named_lets, [](const ast::LetDecl*) { return false; }))
    check_global_let(*l, m);
  for (const ast::LetDecl* l : lets) check_global_let(*l, m);  // those on a cycle (E0121)
  for (auto& f : mod.fns) check_fn(f, m, {});
  for (auto& r : mod.reports) {
    std::set<std::string> labels;
    for (auto& e : r.entries) {
      if (!labels.insert(e.label).second) diags_.report<DiagKind::Redefinition>(e.label_span, e.label);
      Scope scope;
      scope.module = m;
      const Type* t = check(*e.value, scope);
      if (reject_unset(t, *e.value, "shown")) continue;
      if (t->kind == TypeKind::Record)
        diags_.report<DiagKind::TypeMismatch>(e.value->span, fmt::format("report row `{}`", e.label),
                      "a quantity, text or Bool", describe(t))
            .hint("report one of its fields, such as `.name`");
      if (e.unit) {
        auto q = resolve_unit(*e.unit, nullptr);
        if (q && t->is_quantity() && !(q->dim == t->dim)) {
          auto d = diags_.report<DiagKind::BadConversion>(e.unit->span, describe(t), e.unit->text,
                                                          prog_.dims.describe(q->dim))
                       .label(e.value->span, describe(t));
          conversion_hint(d, *e.value, t->dim, q->dim, *e.unit, true);
        }
      }
    }
  }
  for (auto& st : mod.studies) checked_study(st, m);
  for (auto& a : mod.asserts) {
    Scope scope;
    scope.module = m;
    const Type* t = check(*a.condition, scope);
    if (!t->is_error() && t->kind != TypeKind::Bool)
      diags_.report<DiagKind::NotBoolean>(a.condition->span, "an assert's condition", describe(t))
          .hint("compare two values, such as `cost < $1/Mtok`");
  }
}

void Checker::check_study(ast::Study& st, size_t m) {
  Scope scope;
  scope.module = m;
  scope.simulation = st.is_simulation;
  for (auto& axis : st.axes) {
    Scope outer;
    outer.module = m;
    const Type* elem = types_.error();
    ast::Expr& v = *axis.values;
    if (v.kind == ast::ExprKind::List) {
      elem = check_list_elements(v, outer);
      v.type = elem;
    } else if (v.kind == ast::ExprKind::Range) {
      elem = check_range(v, outer);
    } else {
      // A list's name or `table(...)`.
      const Type* t = check_value_or_list(v, outer);
      if (t->kind == TypeKind::List) elem = t->elem;
      else if (!t->is_error())
        diags_.report<DiagKind::BadAxis>(v.span, describe(t));
    }
    for (const auto& l : scope.locals)
      if (l.name == axis.name) diags_.report<DiagKind::Redefinition>(axis.span, axis.name);
    scope.locals.push_back(Local{axis.name, elem, axis.span, NameKind::Axis, nullptr});
    index_local(axis.span, scope.locals.back());
  }
  if (st.is_simulation && !st.samples) {
    diags_.report<DiagKind::SamplesMissing>(st.span)
        .hint("for example `samples 10000 seed 42` as the simulation's first line");
  }
  if (st.samples) {
    Scope outer;
    outer.module = m;
    for (ast::Expr* e : {st.samples.get(), st.seed.get()}) {
      if (!e) continue;
      const Type* t = check(*e, outer);
      if (!t->is_error() && t != types_.number())
        diags_.report<DiagKind::SamplesNotNumber>(e->span, describe(t));
    }
  }
  for (auto& l : st.lets) {
    check(*l.value, scope);
    if (l.declared) expect(resolve_type(*l.declared, m), *l.value, fmt::format("`{}`", l.name));
    scope.locals.push_back(Local{l.name, l.value->type, l.span, NameKind::Local, l.value.get()});
    index_local(l.span, scope.locals.back());
  }
  for (auto& w : st.where) {
    const Type* t = check(*w, scope);
    if (!t->is_error() && t->kind != TypeKind::Bool)
      diags_.report<DiagKind::NotBoolean>(w->span, "`where`", describe(t))
          .hint("`where` keeps the points where a condition holds, such as `s.tpot <= 50 ms`");
  }
  auto& red = st.reduction;
  for (auto& o : red.objectives) {
    const Type* t = check(*o.value, scope);
    if (reject_unset(t, *o.value, "an objective")) continue;
    if (!t->is_error() && !t->is_quantity())
      diags_.report<DiagKind::NotQuantity>(o.value->span, "an objective", describe(t));
  }
  for (auto& k : red.by) check(*k, scope);
  if (red.count) {
    Scope outer;
    outer.module = m;
    const Type* t = check(*red.count, outer);
    if (!t->is_error() && t != types_.number())
      diags_.report<DiagKind::TopCountNotNumber>(red.count->span, describe(t));
  }
  bool any_agg = false, any_row = false;
  const ast::ShowItem* first_agg = nullptr;
  const ast::ShowItem* first_row = nullptr;
  for (auto& item : st.show) {
    bool agg = false;
    // An item already reported (an unknown function, say) is neither kind: classifying it
    // would add a second, unrelated error about mixing the two.
    if (check_show_item(item, scope, &agg)->is_error()) continue;
    (agg ? any_agg : any_row) = true;
    if (agg && !first_agg) first_agg = &item;
    if (!agg && !first_row) first_row = &item;
  }
  if (any_agg && any_row)
    diags_.report<DiagKind::AggregateMix>(first_row->span, syntax::span_text(prog_.sm, first_agg->value->span))
        .label(first_agg->span, "a summary of all points")
        .hint("show the per-row values in a sweep of their own, or summarise them too, e.g. `mean(x)`");
  if (st.is_simulation && any_row)
    diags_.report<DiagKind::NeedsAggregate>(first_row->span)
        .hint("summarise it: `p10(x)`, `p50(x)`, `p90(x)`, `mean(x)`, `min(x)`, `max(x)`, `stddev(x)`");
  if (st.is_simulation && red.kind != ast::ReductionKind::None)
    diags_.report<DiagKind::PickInSimulation>(red.span)
        .hint("show summaries of the samples, such as `p90(cost)`, or sweep over the inputs instead");
  else if (any_agg && red.kind != ast::ReductionKind::None)
    diags_.report<DiagKind::PickWithSummaries>(red.span)
        .label(first_agg->span, "summary here");
  if (st.show.empty()) {
    // Without `show` a sweep lists its axes, a record axis by its `name`; with none of those
    // it would print rows with no columns.
    bool shown = false;
    for (size_t k = 0; k < st.axes.size(); ++k) {
      const Type* t = scope.locals[k].type;
      shown = shown || t->is_error() || t->kind != TypeKind::Record || t->record->field_index("name") >= 0;
    }
    if (st.is_simulation) {
      diags_.report<DiagKind::NothingToShow>(st.span, "simulation", st.title)
          .hint("add a `show` of summaries, such as `show mean(cost), p90(cost)`");
    } else if (!shown) {
      const RecordInfo* r = st.axes.empty() ? nullptr : scope.locals[0].type->record;
      std::string example = r == nullptr || r->fields.empty()
                                ? ""
                                : fmt::format(", such as `show {}.{}`", st.axes[0].name, r->fields[0].name);
      diags_.report<DiagKind::NothingToShow>(st.span, "sweep", st.title)
          .hint(st.axes.empty() ? "add an axis with `over x in [...]` and a `show`"
                                : fmt::format("its axes have no `name` field to list them by; add a `show`{}", example));
    }
  }
}

}  // namespace tco::sema
