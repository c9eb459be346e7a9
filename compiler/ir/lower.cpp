// Typed AST -> IR. Lowering is a partial evaluation: records become trees of scalar values,
// function calls are inlined with their arguments bound, and every operation on constants
// is folded by the builder. Top-level lets fold to constant trees once and are
// re-materialised in each kernel, except those that read a bound study's result
// (`let margin = budget - risk.p90`), which are lowered afresh in each kernel that uses them.
// This file lowers expressions; lower_items.cpp the items that hold them.
#include "compiler/ir/lower.h"

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numbers>
#include <set>
#include <stdexcept>

#include "compiler/diagnostics/stack.h"
#include "compiler/ir/lowerer.h"
#include "compiler/ir/ranges.h"
#include "compiler/sema/dependency_order.h"
#include "compiler/sema/stdlib_names.h"

namespace tco::ir {
namespace lowering {

double Lowerer::text_id(const std::string& s) {
  auto [it, fresh] = string_ids_.emplace(s, out_.strings.size());
  if (fresh) out_.strings.push_back(s);
  return static_cast<double>(it->second);
}

LValue Lowerer::materialise(const Const& c) {
  LValue v;
  if (!c.rec) {
    v.v = ks_->b->constant(c.v);
    return v;
  }
  v.rec = c.rec;
  for (const auto& f : c.fields) v.fields.push_back(materialise(f));
  return v;
}

std::optional<Const> Lowerer::to_const(const LValue& v) const {
  Const c;
  if (!v.is_record()) {
    if (!ks_->b->is_const(v.v)) return std::nullopt;
    c.v = ks_->b->value(v.v);
    return c;
  }
  c.rec = v.rec;
  for (const auto& f : v.fields) {
    auto fc = to_const(f);
    if (!fc) return std::nullopt;
    c.fields.push_back(std::move(*fc));  // a copy made deep records quadratic
  }
  return c;
}

// Lowers a top-level let once, in a scratch kernel, to a constant tree. The lets it names
// are folded first, deepest first, so that folding one never recurses into another: a
// chain of 235,000 lets would otherwise nest four calls per let.
LValue Lowerer::global(const ast::LetDecl& let) {
  fold_let(let);
  if (late_lets_.count(&let)) return lower(*let.value, Env{});
  return materialise(globals_.at(&let));
}

// A bound study's result: each field a read of its column, filled in once the study ran.
LValue Lowerer::study_result(const ast::Study& st, const sema::RecordInfo& rec) {
  auto it = study_index_.find(&st);
  if (it == study_index_.end()) throw NotConstant{st.binding_span};  // an editor's fold: not run
  LValue v;
  v.rec = &rec;
  for (const auto& f : rec.fields) {
    LValue leaf;
    leaf.v = ks_->b->study_result(it->second, st.show.size(), static_cast<size_t>(sema::show_column(st, f.name)));
    v.fields.push_back(std::move(leaf));
  }
  return v;
}

void Lowerer::fold_let(const ast::LetDecl& let) {
  // A list is no value: only an axis reads it (list_values).
  if (let.value->type && let.value->type->kind == TypeKind::List) return;
  if (!globals_.count(&let) && !late_lets_.count(&let)) {
    auto named_lets = [&](const ast::LetDecl* l) {
      std::vector<const ast::LetDecl*> deps;
      for (const ast::Expr* name : sema::names_in(*l->value))
        if (auto r = prog_.refs.find(name); r != prog_.refs.end() && r->second.kind == RefKind::GlobalLet)
          deps.push_back(r->second.let);
      return deps;
    };
    auto folded = [&](const ast::LetDecl* l) { return globals_.count(l) != 0 || late_lets_.count(l) != 0; };
    std::vector<const ast::LetDecl*> root{&let};
    for (const ast::LetDecl* l : sema::dependency_order(root, named_lets, folded)) fold_global(*l);
  }
}

void Lowerer::fold_global(const ast::LetDecl& let) {
  auto c = fold_value(*let.value);
  // Top-level lets see no axis and no random draw (the checker sees to it): only a study's
  // result, read when the plan runs, keeps one from folding.
  if (!c) late_lets_.insert(&let);
  else globals_[&let] = std::move(*c);
}

void Lowerer::flatten(const LValue& v, std::vector<ValueId>& out) const {
  if (!v.is_record()) {
    out.push_back(v.v);
    return;
  }
  for (const auto& f : v.fields) flatten(f, out);
}

LValue Lowerer::lower(const ast::Expr& e, const Env& env) {
  using K = ast::ExprKind;
  // Function bodies, field defaults and lets are all entered through here.
  if (stack_nearly_full()) throw OutOfStack{e.span};
  KernelBuilder& b = *ks_->b;
  auto scalar_of = [](ValueId id) {
    LValue v;
    v.v = id;
    return v;
  };
  switch (e.kind) {
    case K::Number: {
      double scale = 1;
      if (auto it = prog_.products.find(&e.unit); it != prog_.products.end()) scale = it->second.scale;
      return scalar_of(b.constant(e.number * scale));
    }
    case K::String: return scalar_of(b.constant(text_id(e.text)));
    case K::Bool: return scalar_of(b.constant(e.boolean ? 1 : 0));
    case K::Name: {
      const sema::Ref& ref = prog_.refs.at(&e);
      if (ref.kind == RefKind::Local) {
        if (const LValue* v = env.find(e.text)) return *v;
        throw NotConstant{e.span};
      }
      if (ref.kind == RefKind::GlobalLet) return global(*ref.let);
      if (ref.kind == RefKind::Study) return study_result(*ref.study, *e.type->record);
      // `none`/`auto` is an absent upper bound: as large as allowed.
      if (ref.kind == RefKind::Unset) return scalar_of(b.constant(std::numeric_limits<double>::infinity()));
      return scalar_of(b.constant(ref.scale));  // a unit used as a value
    }
    case K::Field: {
      refusals_.reading(e);
      LValue base = lower(*e.a, env);
      int i = base.rec->field_index(e.text);
      return base.fields[static_cast<size_t>(i)];
    }
    case K::Call:
    case K::RecordLit: return lower_call(e, prog_.refs.at(&e), env);
    case K::With: {
      LValue base = lower(*e.a, env);
      return build_record(prog_.refs.at(&e), env, &base);
    }
    case K::Unary: {
      ValueId a = scalar(*e.a, env);
      return scalar_of(b.unary(e.un == ast::UnOp::Neg ? Op::Neg : Op::Not, a));
    }
    case K::Binary: {
      static const std::map<ast::BinOp, Op> ops = {
          {ast::BinOp::Add, Op::Add}, {ast::BinOp::Sub, Op::Sub}, {ast::BinOp::Mul, Op::Mul},
          {ast::BinOp::Div, Op::Div}, {ast::BinOp::Pow, Op::Pow}, {ast::BinOp::Lt, Op::Lt},
          {ast::BinOp::Le, Op::Le},   {ast::BinOp::Gt, Op::Gt},   {ast::BinOp::Ge, Op::Ge},
          {ast::BinOp::Eq, Op::Eq},   {ast::BinOp::Ne, Op::Ne},   {ast::BinOp::And, Op::And},
          {ast::BinOp::Or, Op::Or}};
      ValueId l = scalar(*e.a, env);
      ValueId r = scalar(*e.b, env);
      return scalar_of(b.binary(ops.at(e.bin), l, r));
    }
    case K::If: {
      ValueId c = scalar(*e.a, env);
      LValue x = lower(*e.b, env);
      LValue y = lower(*e.c, env);
      // Both branches are pure, so choosing leaf by leaf is the same as branching.
      std::function<LValue(const LValue&, const LValue&)> pick = [&](const LValue& p, const LValue& q) {
        if (!p.is_record()) return scalar_of(b.select(c, p.v, q.v));
        LValue r;
        r.rec = p.rec;
        for (size_t i = 0; i < p.fields.size(); ++i) r.fields.push_back(pick(p.fields[i], q.fields[i]));
        return r;
      };
      return pick(x, y);
    }
    case K::Convert: return lower(*e.a, env);
    case K::Search: return lower_search(e, env);
    case K::List:
    case K::Range: break;
  }
  throw NotConstant{e.span};
}

// `largest x in lo .. hi step by where cond` (or geometric, or smallest): a search over the
// range's values, numbered as a sweep's axis numbers them, bisecting on the index (search.h).
LValue Lowerer::lower_search(const ast::Expr& e, const Env& env) {
  KernelBuilder& b = *ks_->b;
  const ast::Expr& r = *e.a;
  const bool geometric = r.c && r.range == ast::RangeKind::Geometric;
  const ValueId lo = scalar(*r.a, env), hi = scalar(*r.b, env);
  const ValueId by = r.c ? scalar(*r.c, env) : b.constant(1);
  if (b.is_const(lo) && b.is_const(hi) && b.is_const(by)) {
    // Known ends: the mistakes a sweep's range is refused for (an empty range finds none).
    const RangeFacts f = range_facts(b.value(lo), b.value(hi), b.value(by), geometric);
    if (f.problem) {
      diags_.report_kind(*f.problem, f.at_step && r.c ? r.c->span : r.span).hint(f.hint);
      failed_ = true;
    }
  }
  auto k = [&](double v) { return b.constant(v); };
  auto op = [&](Op o, ValueId x, ValueId y) { return b.binary(o, x, y); };
  // How many values (the tolerance keeps the end when rounding lands just short of it); a
  // range with no valid step or ratio has none.
  ValueId count;
  if (geometric) {
    ValueId n = op(Op::Add, b.unary(Op::Floor, op(Op::Add, op(Op::Div, b.unary(Op::Ln, op(Op::Div, hi, lo)), b.unary(Op::Ln, by)), k(kRangeEndSlack))), k(1));
    count = b.select(op(Op::And, op(Op::Gt, lo, k(0)), op(Op::Gt, by, k(1))), n, k(0));
  } else {
    ValueId n = op(Op::Add, b.unary(Op::Floor, op(Op::Add, op(Op::Div, op(Op::Sub, hi, lo), by), k(kRangeEndSlack))), k(1));
    count = b.select(op(Op::Gt, by, k(0)), n, k(0));
  }
  auto value_at = [&](ValueId i) { return geometric ? op(Op::Mul, lo, op(Op::Pow, by, i)) : op(Op::Add, lo, op(Op::Mul, i, by)); };
  const ValueId s = b.search_begin(count, e.largest);
  Env inner;
  inner.parent = &env;
  LValue candidate;
  candidate.v = value_at(s);
  inner.vars.emplace_back(e.text, candidate);
  const ValueId cond = scalar(*e.b, inner);
  const ValueId found = b.search_end(s, cond);
  // The value found, or none (+infinity, an absent upper bound) when no value qualifies.
  LValue v;
  v.v = b.select(op(Op::Ge, found, k(0)), value_at(found), k(std::numeric_limits<double>::infinity()));
  return v;
}

LValue Lowerer::default_of(const ast::Expr& e) {
  Env empty;
  return lower(e, empty);
}

LValue Lowerer::build_record(const sema::Ref& ref, const Env& env, const LValue* base) {
  LValue r;
  r.rec = ref.record;
  for (size_t i = 0; i < ref.record->fields.size(); ++i) {
    if (ref.args[i])
      r.fields.push_back(lower(*ref.args[i], env));
    else if (base)
      r.fields.push_back(base->fields[i]);
    else
      r.fields.push_back(default_of(*ref.record->fields[i].decl->default_value));
  }
  return r;
}

LValue Lowerer::inline_fn(const sema::Ref& ref, const Env& env) {
  const ast::FnDecl& fn = *ref.fn;
  // Arguments are evaluated in the caller's scope; defaults see the earlier parameters.
  Env inner;
  for (size_t i = 0; i < fn.params.size(); ++i) {
    LValue v = ref.args[i] ? lower(*ref.args[i], env) : lower(*fn.params[i].default_value, inner);
    inner.vars.emplace_back(fn.params[i].name, std::move(v));
  }
  for (const auto& l : fn.lets) {
    LValue v = lower(*l.value, inner);
    inner.vars.emplace_back(l.name, std::move(v));
  }
  return lower(*fn.body, inner);
}

// A call of the plan that folds to "cannot run" is known before running: say so at the call.
void Lowerer::note_refusal(const ast::Expr& call, const sema::Ref& ref, const LValue& result) {
  auto f = refusal_fields(result.rec);
  if (!f) return;
  auto fits = to_const(result.fields[f->fits]);
  auto reason = to_const(result.fields[f->reason]);
  if (!fits || !reason || fits->v != 0) return;
  auto id = static_cast<size_t>(reason->v);
  if (id < out_.strings.size() && !out_.strings[id].empty()) refusals_.warn(call, ref, out_.strings[id]);
}

LValue Lowerer::lower_call(const ast::Expr& e, const sema::Ref& ref, const Env& env) {
  switch (ref.kind) {
    case RefKind::Function: {
      LValue v = inline_fn(ref, env);
      if (e.span.file == prog_.main_module().file) note_refusal(e, ref, v);
      return v;
    }
    case RefKind::Record: return build_record(ref, env, nullptr);
    case RefKind::Builtin: return lower_builtin(e, ref, env);
    default: break;
  }
  throw NotConstant{e.span};
}

// A standard normal draw from two uniforms (Box-Muller, cosine branch).
ValueId Lowerer::normal01() {
  KernelBuilder& b = *ks_->b;
  ValueId u1 = b.uniform(ks_->next_stream++);
  ValueId u2 = b.uniform(ks_->next_stream++);
  ValueId r = b.unary(Op::Sqrt, b.binary(Op::Mul, b.constant(-2.0), b.unary(Op::Ln, u1)));
  ValueId theta = b.binary(Op::Mul, b.constant(2 * std::numbers::pi), u2);
  return b.binary(Op::Mul, r, b.unary(Op::Cos, theta));
}

LValue Lowerer::lower_builtin(const ast::Expr& e, const sema::Ref& ref, const Env& env) {
  KernelBuilder& b = *ks_->b;
  // In a study's summary expressions (`max(x) * price`), each summary is its reduced value.
  if (auto it = summaries_.find(&e); it != summaries_.end()) {
    LValue v;
    v.v = it->second;
    return v;
  }
  std::vector<ValueId> a;
  for (const ast::Expr* x : ref.args) a.push_back(scalar(*x, env));
  LValue out;
  auto fold = [&](Op op) {
    ValueId acc = a[0];
    for (size_t i = 1; i < a.size(); ++i) acc = b.binary(op, acc, a[i]);
    return acc;
  };
  switch (ref.builtin) {
    case Builtin::Min: out.v = fold(Op::Min); break;
    case Builtin::Max: out.v = fold(Op::Max); break;
    case Builtin::Clamp: out.v = b.binary(Op::Min, b.binary(Op::Max, a[0], a[1]), a[2]); break;
    case Builtin::Ceil: out.v = b.unary(Op::Ceil, a[0]); break;
    case Builtin::Floor: out.v = b.unary(Op::Floor, a[0]); break;
    case Builtin::Round: out.v = b.unary(Op::Round, a[0]); break;
    case Builtin::Abs: out.v = b.unary(Op::Abs, a[0]); break;
    case Builtin::Sqrt: out.v = b.unary(Op::Sqrt, a[0]); break;
    case Builtin::Ln: out.v = b.unary(Op::Ln, a[0]); break;
    case Builtin::Exp: out.v = b.unary(Op::Exp, a[0]); break;
    case Builtin::Log10: out.v = b.unary(Op::Log10, a[0]); break;
    case Builtin::Log2: out.v = b.unary(Op::Log2, a[0]); break;
    case Builtin::Sin: out.v = b.unary(Op::Sin, a[0]); break;
    case Builtin::Cos: out.v = b.unary(Op::Cos, a[0]); break;
    case Builtin::Pow: out.v = b.binary(Op::Pow, a[0], a[1]); break;
    case Builtin::Uniform: {
      ValueId u = b.uniform(ks_->next_stream++);
      out.v = b.binary(Op::Add, a[0], b.binary(Op::Mul, b.binary(Op::Sub, a[1], a[0]), u));
      break;
    }
    case Builtin::Normal: out.v = b.binary(Op::Add, a[0], b.binary(Op::Mul, a[1], normal01())); break;
    case Builtin::Lognormal:
      out.v = b.binary(Op::Mul, a[0], b.unary(Op::Exp, b.binary(Op::Mul, a[1], normal01())));
      break;
    case Builtin::Triangular: {
      // Inverse CDF: F(mode) = (mode-lo)/(hi-lo).
      ValueId u = b.uniform(ks_->next_stream++);
      ValueId lo = a[0], mode = a[1], hi = a[2];
      ValueId width = b.binary(Op::Sub, hi, lo);
      ValueId f = b.binary(Op::Div, b.binary(Op::Sub, mode, lo), width);
      ValueId left = b.binary(Op::Add, lo,
                              b.unary(Op::Sqrt, b.binary(Op::Mul, u, b.binary(Op::Mul, width, b.binary(Op::Sub, mode, lo)))));
      ValueId right = b.binary(
          Op::Sub, hi,
          b.unary(Op::Sqrt, b.binary(Op::Mul, b.binary(Op::Sub, b.constant(1), u), b.binary(Op::Mul, width, b.binary(Op::Sub, hi, mode)))));
      out.v = b.select(b.binary(Op::Lt, u, f), left, right);
      break;
    }
    // A summary's per-point input is its argument; the reducer does the rest.
    case Builtin::Count: out.v = b.constant(0); break;
    default: out.v = a[0]; break;
  }
  return out;
}

// Lowers `e` alone in a scratch kernel, where every operation on constants folds: a
// constant tree, or nothing when `e` depends on something only known per point.
std::optional<Const> Lowerer::fold_value(const ast::Expr& e) {
  Kernel scratch;
  KernelBuilder b(scratch);
  KernelScope ks{&scratch, &b};
  // Restored however this returns (OutOfStack passes through).
  struct Restore {
    KernelScope*& slot;
    KernelScope* saved;
    ~Restore() { slot = saved; }
  } restore{ks_, ks_};
  ks_ = &ks;
  Env empty;
  std::optional<Const> r;
  try {
    r = to_const(lower(e, empty));
  } catch (const NotConstant&) {
  }
  return r;
}

void Lowerer::flatten_const(const Const& c, std::vector<double>& out) const {
  if (!c.rec) {
    out.push_back(c.v);
    return;
  }
  for (const auto& f : c.fields) flatten_const(f, out);
}

// Rebuilds a record-shaped axis value whose leaves are table lookups by the axis index.
LValue Lowerer::axis_value(const Const& shape, const std::vector<std::vector<double>>& columns, ValueId index,
                           size_t& next) {
  LValue v;
  if (!shape.rec) {
    v.v = ks_->b->table(columns[next++], index);
    return v;
  }
  v.rec = shape.rec;
  for (const auto& f : shape.fields) v.fields.push_back(axis_value(f, columns, index, next));
  return v;
}

}  // namespace lowering

using lowering::Lowerer;
using lowering::OutOfStack;

bool lower_program(const sema::Program& prog, Diagnostics& diags, Program& out) {
  return Lowerer(prog, diags, out).run();
}

std::optional<ConstValue> fold_constant(const sema::Program& prog, const ast::Expr& e) {
  Diagnostics scratch_diags(prog.sm);
  Program scratch;
  try {
    return Lowerer(prog, scratch_diags, scratch).fold_for_editor(e);
  } catch (const std::exception&) {
    // An expression the checker rejected has no resolved names to fold: no value to show.
    return std::nullopt;
  } catch (const OutOfStack&) {
    return std::nullopt;
  }
}

rt::NumberStyle number_style(const sema::DimNames& dims, const sema::Dim& dim, const std::string& unit) {
  if (unit == sema::stdlib_names::kPercent) return rt::NumberStyle::Percent;
  auto money = dims.lookup(sema::stdlib_names::kMoney);
  if (money && !money->dimensionless())
    for (size_t i = 0; i < sema::kMaxBaseDims; ++i)
      if (money->exp[i] == 1 && dim.exp[i] == 1) return rt::NumberStyle::Money;
  return rt::NumberStyle::Plain;
}

}  // namespace tco::ir
