// Typed AST -> IR. Lowering is a partial evaluation: records become trees of scalar values,
// function calls are inlined with their arguments bound, and every operation on constants
// is folded by the builder. Top-level lets can only depend on constants, so they fold to
// constant trees once and are re-materialised in each kernel.
#include "compiler/ir/lower.h"

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numbers>
#include <stdexcept>

#include "compiler/diagnostics/stack.h"
#include "compiler/ir/builder.h"
#include "compiler/ir/prune.h"
#include "compiler/ir/ranges.h"
#include "compiler/ir/refusal.h"
#include "compiler/sema/dependency_order.h"
#include "compiler/syntax/parse.h"

namespace tco::ir {
namespace {

using sema::Builtin;
using sema::RefKind;
using sema::TypeKind;

// A lowered value: a scalar, or a record whose fields are lowered values.
struct LValue {
  ValueId v = 0;
  const sema::RecordInfo* rec = nullptr;
  std::vector<LValue> fields;
  bool is_record() const { return rec != nullptr; }
};

// A value known before the plan runs (a folded top-level let).
struct Const {
  double v = 0;
  const sema::RecordInfo* rec = nullptr;
  std::vector<Const> fields;
};

struct Env {
  const Env* parent = nullptr;
  std::vector<std::pair<std::string, LValue>> vars;
  const LValue* find(const std::string& n) const {
    for (auto it = vars.rbegin(); it != vars.rend(); ++it)
      if (it->first == n) return &it->second;
    return parent ? parent->find(n) : nullptr;
  }
};

struct NotConstant {
  Span span;
};

// Thrown where the stack runs out (E0124): lowering follows definitions as the checker
// does, but with larger frames, so a chain the checker got through can still end here.
struct OutOfStack {
  Span span;
};

class Lowerer {
 public:
  Lowerer(const sema::Program& prog, Diagnostics& diags, Program& out) : prog_(prog), diags_(diags), out_(out) {}

  bool run();
  // Folds a global expression to a value; nothing when it is not constant (editors).
  std::optional<ConstValue> fold_for_editor(const ast::Expr& e);

 private:
  // ---- one kernel at a time
  struct KernelScope {
    Kernel* kernel;
    KernelBuilder* b;
    uint32_t next_stream = 0;
  };

  LValue lower(const ast::Expr& e, const Env& env);
  LValue lower_call(const ast::Expr& e, const sema::Ref& ref, const Env& env);
  LValue lower_builtin(const ast::Expr& e, const sema::Ref& ref, const Env& env);
  LValue lower_search(const ast::Expr& e, const Env& env);
  LValue inline_fn(const sema::Ref& ref, const Env& env);
  void note_refusal(const ast::Expr& call, const sema::Ref& ref, const LValue& result);
  LValue build_record(const sema::Ref& ref, const Env& env, const LValue* base);
  LValue default_of(const ast::Expr& e);
  LValue global(const ast::LetDecl& let);
  void fold_let(const ast::LetDecl& let);
  void fold_global(const ast::LetDecl& let);
  LValue materialise(const Const& c);
  std::optional<Const> to_const(const LValue& v) const;
  ValueId normal01();
  ValueId scalar(const ast::Expr& e, const Env& env) { return lower(e, env).v; }
  double text_id(const std::string& s);
  void flatten(const LValue& v, std::vector<ValueId>& out) const;
  double fold_constant(const ast::Expr& e, const char* what);
  std::optional<Const> fold_value(const ast::Expr& e);
  LValue axis_value(const Const& shape, const std::vector<std::vector<double>>& columns, ValueId index, size_t& next);
  void flatten_const(const Const& c, std::vector<double>& out) const;
  bool lower_axis(const ast::Axis& axis, uint32_t k, StudyItem& item, Env& env);

  Output output_for(const std::string& name, const sema::Type* t, const ast::Product* unit, Builtin* agg);
  const ast::Product* written_unit(const ast::Expr& e, int depth = 0) const;
  void lower_report(const ast::Report& r);
  void lower_study(const ast::Study& st);
  void lower_assert(const ast::Assert& a);

  const sema::Program& prog_;
  Diagnostics& diags_;
  Program& out_;
  KernelScope* ks_ = nullptr;
  std::map<const ast::LetDecl*, Const> globals_;
  std::map<std::string, size_t> string_ids_;
  bool failed_ = false;
  RefusalWarnings refusals_{diags_};
};

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
  return materialise(globals_.at(&let));
}

void Lowerer::fold_let(const ast::LetDecl& let) {
  if (auto it = globals_.find(&let); it == globals_.end()) {
    auto named_lets = [&](const ast::LetDecl* l) {
      std::vector<const ast::LetDecl*> deps;
      for (const ast::Expr* name : sema::names_in(*l->value))
        if (auto r = prog_.refs.find(name); r != prog_.refs.end() && r->second.kind == RefKind::GlobalLet)
          deps.push_back(r->second.let);
      return deps;
    };
    auto folded = [&](const ast::LetDecl* l) { return globals_.count(l) != 0; };
    std::vector<const ast::LetDecl*> root{&let};
    for (const ast::LetDecl* l : sema::dependency_order(root, named_lets, folded)) fold_global(*l);
  }
}

void Lowerer::fold_global(const ast::LetDecl& let) {
  auto c = fold_value(*let.value);
  // Top-level lets see no axis and no random draw, so the checker guarantees a constant.
  if (!c) throw std::logic_error(fmt::format("`{}` did not fold to a constant", let.name));
  globals_[&let] = std::move(*c);
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
      diags_.report(DiagKind::BadRange, f.at_step && r.c ? r.c->span : r.span, f.problem).hint(f.hint);
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

bool Lowerer::lower_axis(const ast::Axis& axis, uint32_t k, StudyItem& item, Env& env) {
  const ast::Expr& e = *axis.values;
  KernelBuilder& b = *ks_->b;
  if (e.kind == ast::ExprKind::List) {
    std::vector<Const> values;
    for (const auto& a : e.args) {
      auto c = fold_value(*a.value);
      if (!c) throw std::logic_error("a sweep axis value did not fold to a constant");
      values.push_back(std::move(*c));
    }
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
    diags_.report(DiagKind::BadRange, f.at_step && e.c ? e.c->span : e.span, f.problem).hint(f.hint);
    return false;
  }
  if (f.count == 0) {
    diags_.report(DiagKind::BadRange, e.span, "this range is empty: its end is below its start")
        .hint("a range counts up from its start; swap the ends");
    return false;
  }
  const double n = f.count;
  if (!(n <= 1e15)) {
    diags_.report(DiagKind::BadRange, e.span, fmt::format("this range has {:.3g} points, too many to enumerate", n))
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
    if (!(n >= 1 && n <= 1e10 && n == std::floor(n))) {
      diags_.report(DiagKind::BadSamples, st.samples->span, "the sample count must be a whole number from 1 to 10,000,000,000");
      ok = false;
    }
    if (!(seed >= 0 && seed < 18446744073709551616.0 && seed == std::floor(seed))) {
      diags_.report(DiagKind::BadSamples, st.seed->span, "the seed must be a whole number, 0 or more");
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
        diags_.report(DiagKind::BadReduction, red.count->span, "`top` takes a whole number from 1 to 10,000,000");
        failed_ = true;
        return;
      }
      spec.top_n = static_cast<uint64_t>(n);
      break;
    }
    case ast::ReductionKind::Pareto: spec.kind = rt::ReduceSpec::Pareto; break;
  }
  auto add_column = [&](const std::string& name, const ast::Expr& value, const ast::Product* unit) {
    const sema::Ref* ref = nullptr;
    if (auto it = prog_.refs.find(&value); it != prog_.refs.end() && it->second.kind == RefKind::Builtin &&
                                             sema::is_aggregate(it->second.builtin))
      ref = &it->second;
    LValue v = lower(value, env);
    if (v.is_record()) v = v.fields[static_cast<size_t>(v.rec->field_index("name"))];
    item.kernel.outputs.push_back(v.v);
    Builtin agg = ref ? ref->builtin : Builtin::Min;
    item.columns.push_back(output_for(name, value.type, unit, ref ? &agg : nullptr));
    item.columns.back().span = value.span;
    if (ref) {
      spec.kind = rt::ReduceSpec::Summary;
      rt::AggSpec a;
      switch (ref->builtin) {
        case Builtin::Mean: a.kind = rt::Agg::Mean; break;
        case Builtin::AggMin: a.kind = rt::Agg::Min; break;
        case Builtin::AggMax: a.kind = rt::Agg::Max; break;
        case Builtin::Sum: a.kind = rt::Agg::Sum; break;
        case Builtin::Count: a.kind = rt::Agg::Count; break;
        case Builtin::Stddev: a.kind = rt::Agg::Stddev; break;
        default: a.kind = rt::Agg::Percentile; a.p = ref->percentile; break;
      }
      spec.aggs.push_back(a);
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
      const sema::Type* t = v.type;
      if (t->kind == TypeKind::Record) t = prog_.types.text();
      item.columns.push_back(output_for(st.axes[k].name, t, nullptr, nullptr));
      item.columns.back().span = v.span;
    }
  }
  for (const auto& s : st.show)
    add_column(s.label ? *s.label : syntax::span_text(prog_.sm, s.value->span), *s.value, s.unit ? &*s.unit : nullptr);
  spec.width = item.columns.size();
  // Which columns show an axis or an objective, found while value ids still match (prune
  // renumbers them): what a chart needs to tell a point's identity from its figures.
  auto column_of = [&](ValueId v) {
    if (b.is_const(v)) return -1;  // a one-value axis folds to a constant some other column may share
    for (size_t c = 0; c < item.kernel.outputs.size(); ++c)
      if (item.kernel.outputs[c] == v) return static_cast<int>(c);
    return -1;
  };
  if (!st.is_simulation) {
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
  // The checker only lets constants reach here (axes, counts and seeds see no axis).
  if (!c || c->rec) throw std::logic_error(fmt::format("{} did not fold to a constant", what));
  return c->v;
}

// The unit an expression was written in, if any: a literal's (`$12,100/month`), a
// conversion's target, or that of the `let` a name stands for (`budget`).
const ast::Product* Lowerer::written_unit(const ast::Expr& e, int depth) const {
  if (e.kind == ast::ExprKind::Number) return e.unit.empty() ? nullptr : &e.unit;
  if (e.kind == ast::ExprKind::Convert) return &e.unit;
  if (e.kind == ast::ExprKind::Name && depth < 8)
    if (auto it = prog_.refs.find(&e); it != prog_.refs.end() && it->second.kind == RefKind::GlobalLet)
      return written_unit(*it->second.let->value, depth + 1);
  return nullptr;
}

Output Lowerer::output_for(const std::string& name, const sema::Type* t, const ast::Product* unit, Builtin* agg) {
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
  } else {
    o.unit = prog_.dims.base_unit_text(dim);
  }
  o.style = number_style(prog_.dims, dim, o.unit);
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
    item.rows.push_back(output_for(e.label, e.value->type, e.unit ? &*e.unit : nullptr, nullptr));
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
      item.sides.push_back(output_for(syntax::span_text(prog_.sm, side->span), dim_type, unit, nullptr));
    }
  }
  ks_ = nullptr;
  prune(item.kernel);
  out_.order.push_back({ItemKind::Assert, out_.asserts.size()});
  out_.asserts.push_back(std::move(item));
}

bool Lowerer::run() {
  const ast::Module& m = prog_.main_module();
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
    } catch (const NotConstant&) {
      throw std::logic_error("lowering met a value the checker should have rejected");
    } catch (const OutOfStack& e) {
      report_definitions_too_deep(diags_, e.span);
      return false;
    }
    ks_ = nullptr;
  }
  return !failed_ && !diags_.has_errors();
}

}  // namespace

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
  if (unit == "%") return rt::NumberStyle::Percent;
  auto money = dims.lookup("Money");
  if (money && !money->dimensionless())
    for (size_t i = 0; i < sema::kMaxBaseDims; ++i)
      if (money->exp[i] == 1 && dim.exp[i] == 1) return rt::NumberStyle::Money;
  return rt::NumberStyle::Plain;
}

}  // namespace tco::ir
