// Parse tree -> AST for expressions, literals and units (build.cpp says how chains are
// walked without recursion).
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "compiler/syntax/builder.h"

namespace tco::syntax::detail {

// ---------------------------------------------------------------- units

// P::LitFactorContext or P::UnitFactorContext: an atom, then maybe `^ -? NUMBER`.
template <class Ctx>
FactorSrc Builder::factor(Ctx* f, Op op) {
  FactorSrc s;
  s.atom = f->unitAtom()->getStart();
  if (f->NUMBER() != nullptr) {
    s.minus = f->MINUS() != nullptr ? f->MINUS()->getSymbol() : nullptr;
    s.power = f->NUMBER()->getSymbol();
  }
  s.op = op;
  s.span = span(f);
  return s;
}

void Builder::lit_tail(P::LitTailContext* t, std::vector<FactorSrc>& out) {
  if (t == nullptr) return;
  Op pending = Op::Juxt;
  for (auto* child : t->children) {
    if (is_terminal(child)) {
      pending = Op::Div;  // the only terminal of litTail is USLASH
    } else if (auto* f = as<P::LitFactorContext>(child)) {
      out.push_back(factor(f, pending));
      pending = Op::Juxt;
    }
  }
}

// Juxtaposition binds tighter than `/` (`$/GPU hr` = $/(GPU hr)); `*` starts a new
// numerator (`a/b*c` = (a/b) c).
ast::Product Builder::make_product(const std::vector<FactorSrc>& fs) {
  ast::Product p;
  int sign = 1;
  bool first = true;
  for (const auto& f : fs) {
    if (f.op == Op::Div) sign = -1;
    if (f.op == Op::Mul) sign = 1;
    int power = 1;
    std::string power_text;
    if (f.power != nullptr) {
      std::string digits = f.power->getText();
      int v = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || v == 0 || v > 64) {
        error(span(f.power), fmt::format("`{}` is not a valid unit power", digits),
              "a unit power is a whole number from 1 to 64, as in `m^2` or `s^-1`");
        v = 1;
      }
      power = f.minus != nullptr ? -v : v;
      power_text = "^" + std::string(f.minus != nullptr ? "-" : "") + digits;
    }
    std::string name = f.atom->getText();
    if (first) {
      if (f.op == Op::Div) p.text += "1/";  // `1/s`, or `5M/month` once `M` is folded
    } else {
      p.text += f.op == Op::Juxt ? " " : f.op == Op::Div ? "/" : "*";
    }
    p.text += name + power_text;
    p.factors.push_back(ast::Factor{name, power * sign, f.span});
    p.span = first ? f.span : Span::cover(p.span, f.span);
    first = false;
  }
  return p;
}

ast::Product Builder::product(P::ProductContext* c) {
  std::vector<FactorSrc> fs;
  bool leading_one = false;
  Op pending = Op::Juxt;
  for (auto* child : c->children) {
    if (auto* term = as<antlr4::tree::TerminalNodeImpl>(child)) {
      Token* t = term->getSymbol();
      if (t->getType() == P::NUMBER) {
        if (t->getText() != "1") {
          error(span(t), fmt::format("expected a unit, found `{}`", t->getText()),
                "only `1` may start a unit, as in `1/s`; put other numbers in the expression");
        }
        leading_one = true;
      } else {
        pending = t->getType() == P::STAR ? Op::Mul : Op::Div;
      }
    } else if (auto* f = as<P::UnitFactorContext>(child)) {
      fs.push_back(factor(f, pending));
      pending = Op::Juxt;
    }
  }
  ast::Product p = make_product(fs);
  if (leading_one && fs.empty()) {
    p.text = "1";
    p.span = span(c);
  } else if (leading_one) {
    p.span = span(c);
  }
  return p;
}

// ---------------------------------------------------------------- literals

std::string Builder::string_value(Token* t) {
  std::string raw = t->getText();
  std::string out;
  // raw includes the quotes; the lexer guarantees the closing one.
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    char ch = raw[i];
    if (ch != '\\') {
      out += ch;
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      default: {
        Span s = span(t);
        s.begin += static_cast<uint32_t>(i - 1);  // bytes: raw is the UTF-8 text of the token
        size_t len = 1;
        unsigned char u = static_cast<unsigned char>(e);
        if (u >= 0xF0) len = 4; else if (u >= 0xE0) len = 3; else if (u >= 0xC0) len = 2;
        s.end = s.begin + 1 + static_cast<uint32_t>(len);
        error(s, fmt::format("unknown escape `\\{}` in a string", raw.substr(i, len)),
              "the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`");
        i += len - 1;
      }
    }
  }
  return out;
}

// `num` with its unit factors (`dollar`: the `$` of a money literal, already first in
// `factors`). Folds a count suffix (`5M`, `$1k`) into the value.
ExprPtr Builder::number(Token* num, std::vector<FactorSrc> factors, Token* dollar, Span whole) {
  int extra_exp = 0;
  size_t first = dollar != nullptr ? 1 : 0;
  if (factors.size() > first) {
    const FactorSrc& f = factors[first];
    std::string n = f.atom->getText();
    if (f.op == Op::Juxt && f.power == nullptr && f.atom->getType() == P::IDENT &&
        f.atom->getStartIndex() == num->getStopIndex() + 1 &&
        (n == "k" || n == "M" || n == "G" || n == "T")) {
      extra_exp = n == "k" ? 3 : n == "M" ? 6 : n == "G" ? 9 : 12;
      factors.erase(factors.begin() + static_cast<std::ptrdiff_t>(first));
    }
  }

  std::string text = num->getText();
  std::string clean;
  for (char ch : text)
    if (ch != '_') clean += ch;
  std::string mant = clean;
  long long exp = extra_exp;
  bool ok = true;
  if (auto e = clean.find_first_of("eE"); e != std::string::npos) {
    mant = clean.substr(0, e);
    std::string es = clean.substr(e + 1);
    bool neg = false;
    if (!es.empty() && (es[0] == '+' || es[0] == '-')) {
      neg = es[0] == '-';
      es.erase(0, 1);
    }
    long long v = 0;
    auto [ptr, ec] = std::from_chars(es.data(), es.data() + es.size(), v);
    if (ec != std::errc() || ptr != es.data() + es.size() || v > 100000) ok = false;
    exp += neg ? -v : v;
  }
  double value = 0;
  if (ok) {
    std::string full = exp != 0 ? fmt::format("{}e{}", mant, exp) : mant;
    auto [ptr, ec] = std::from_chars(full.data(), full.data() + full.size(), value);
    ok = ec == std::errc() && ptr == full.data() + full.size() && std::isfinite(value);
    // An underflow to zero of a non-zero literal is as wrong as an overflow.
    if (ec == std::errc::result_out_of_range) ok = false;
  }
  if (!ok) {
    env_.report<DiagKind::BadNumber>(span(num),
                "numbers must be finite double-precision values (about 1e-308 to 1e308)",
                text);
    value = 0;
  }

  auto e = make(ExprKind::Number, whole);
  e->number = value;
  e->unit = make_product(factors);
  return e;
}

ExprPtr Builder::binary(ast::BinOp op, ExprPtr a, ExprPtr b) {
  auto e = make(ExprKind::Binary, Span::cover(a->span, b->span));
  e->bin = op;
  e->a = std::move(a);
  e->b = std::move(b);
  return e;
}

void Builder::fields(const std::vector<P::FieldInitContext*>& fs, std::vector<ast::Arg>& out) {
  check_separated(as_rules(fs), true, "fields");
  for (auto* f : fs) {
    ast::Arg a;
    a.name = name(f->name());
    a.name_span = span(f->name());
    a.value = expr(f->expr());
    out.push_back(std::move(a));
  }
}

ExprPtr Builder::primary(P::PrimaryContext* c) {
  Span whole = span(c);
  if (auto* n = as<P::NumberLitContext>(c)) {
    std::vector<FactorSrc> fs;
    if (auto* first = child<P::LitFactorContext>(n, P::RuleLitFactor)) {
      fs.push_back(factor(first, Op::Juxt));
      lit_tail(child<P::LitTailContext>(n, P::RuleLitTail), fs);
    }
    return number(n->getStart(), std::move(fs), nullptr, whole);
  }
  if (auto* n = as<P::MoneyLitContext>(c)) {
    std::vector<FactorSrc> fs;
    FactorSrc d;
    d.atom = n->DOLLAR()->getSymbol();
    d.span = span(n->DOLLAR());
    fs.push_back(d);
    lit_tail(n->litTail(), fs);
    return number(n->NUMBER()->getSymbol(), std::move(fs), d.atom, whole);
  }
  if (auto* s = as<P::StringLitContext>(c)) {
    auto e = make(ExprKind::String, whole);
    e->text = string_value(s->STRING()->getSymbol());
    return e;
  }
  if (auto* b = as<P::BoolLitContext>(c)) {
    auto e = make(ExprKind::Bool, whole);
    e->boolean = b->TRUE() != nullptr;
    return e;
  }
  if (auto* call = as<P::CallExprContext>(c)) {
    auto e = make(ExprKind::Call, whole);
    e->text = call->fnName()->getStart()->getText();
    e->name_span = span(call->fnName());
    for (auto* a : call->arg()) {
      ast::Arg arg;
      if (a->name() != nullptr) {
        arg.name = name(a->name());
        arg.name_span = span(a->name());
      }
      arg.value = expr(a->expr());
      e->args.push_back(std::move(arg));
    }
    return e;
  }
  if (auto* r = as<P::RecordLitContext>(c)) {
    auto e = make(ExprKind::RecordLit, whole);
    e->text = r->IDENT()->getText();
    e->name_span = span(r->IDENT());
    fields(r->fieldInit(), e->args);
    return e;
  }
  if (auto* n = as<P::NameExprContext>(c)) {
    auto e = make(ExprKind::Name, whole);
    e->text = n->getStart()->getText();  // `ident` is one token
    return e;
  }
  if (auto* p = as<P::ParenExprContext>(c)) {
    ExprPtr e = expr(p->expr());
    e->span = whole;  // the parentheses belong to the node: `(a + b) * c`
    return e;
  }
  if (auto* l = as<P::ListExprContext>(c)) {
    auto e = make(ExprKind::List, whole);
    for (auto* x : l->expr()) e->args.push_back(ast::Arg{std::nullopt, Span{}, expr(x)});
    return e;
  }
  error(whole, "unexpected expression");
  return make(ExprKind::Bool, whole);
}

// ---------------------------------------------------------------- expressions

// The left operand of a left-recursive alternative, or nullptr.
static P::OpExprContext* left_operand(P::OpExprContext* c) {
  if (as<P::AddExprContext>(c) || as<P::MulExprContext>(c) || as<P::FieldExprContext>(c) ||
      as<P::CmpExprContext>(c) || as<P::AndExprContext>(c) || as<P::OrExprContext>(c) ||
      as<P::WithExprContext>(c) || as<P::PowExprContext>(c))
    return child<P::OpExprContext>(c, P::RuleOpExpr, 0);
  return nullptr;
}

// `e -> u -> v`: a loop over the targets.
ExprPtr Builder::expr(P::ExprContext* c) {
  ExprPtr acc = op_expr(child<P::OpExprContext>(c, P::RuleOpExpr));
  for (auto* target : children<P::ProductContext>(c, P::RuleProduct)) {
    ast::Product unit = product(target);
    auto e = make(ExprKind::Convert, Span::cover(acc->span, span(target)));
    e->unit = std::move(unit);
    e->a = std::move(acc);
    acc = std::move(e);
  }
  return acc;
}

// Walks the left spine of a chain (`a + b + c`, `x.a.b`) with a loop.
ExprPtr Builder::op_expr(P::OpExprContext* c) {
  std::vector<P::OpExprContext*> spine;
  while (P::OpExprContext* left = left_operand(c)) {
    spine.push_back(c);
    c = left;
  }
  ExprPtr acc = leaf(c);
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) acc = extend(*it, std::move(acc));
  return acc;
}

static ast::BinOp bin_op(size_t token_type) {
  switch (token_type) {
    case P::PLUS: return ast::BinOp::Add;
    case P::MINUS: return ast::BinOp::Sub;
    case P::STAR: return ast::BinOp::Mul;
    case P::SLASH: return ast::BinOp::Div;
    case P::CARET: return ast::BinOp::Pow;
    case P::LT: return ast::BinOp::Lt;
    case P::LE: return ast::BinOp::Le;
    case P::GT: return ast::BinOp::Gt;
    case P::GE: return ast::BinOp::Ge;
    case P::EQ: return ast::BinOp::Eq;
    case P::NE: return ast::BinOp::Ne;
    case P::AND:
    case P::AMPAMP: return ast::BinOp::And;
    default: return ast::BinOp::Or;
  }
}

ExprPtr Builder::extend(P::OpExprContext* c, ExprPtr lhs) {
  if (auto* f = as<P::FieldExprContext>(c)) {
    auto e = make(ExprKind::Field, Span::cover(lhs->span, span(f->name())));
    e->text = name(f->name());
    e->name_span = span(f->name());
    e->a = std::move(lhs);
    return e;
  }
  if (auto* w = as<P::WithExprContext>(c)) {
    auto e = make(ExprKind::With, Span::cover(lhs->span, span(w->RBRACE())));
    e->a = std::move(lhs);
    fields(w->fieldInit(), e->args);
    return e;
  }
  auto right = [&] { return op_expr(child<P::OpExprContext>(c, P::RuleOpExpr, 1)); };
  if (as<P::PowExprContext>(c)) return binary(ast::BinOp::Pow, std::move(lhs), right());
  if (auto* x = as<P::MulExprContext>(c)) return binary(bin_op(x->op->getType()), std::move(lhs), right());
  if (auto* x = as<P::AddExprContext>(c)) return binary(bin_op(x->op->getType()), std::move(lhs), right());
  if (auto* x = as<P::AndExprContext>(c)) return binary(ast::BinOp::And, std::move(lhs), op_expr(x->opExpr(1)));
  if (auto* x = as<P::OrExprContext>(c)) return binary(ast::BinOp::Or, std::move(lhs), op_expr(x->opExpr(1)));
  if (auto* x = as<P::CmpExprContext>(c)) {
    if (as<P::CmpExprContext>(x->opExpr(0)) != nullptr) {
      error(span(x->op), fmt::format("comparisons cannot be chained: `{}` follows another comparison", x->op->getText()),
            "write `a < b and b < c`");
    }
    return binary(bin_op(x->op->getType()), std::move(lhs), op_expr(x->opExpr(1)));
  }
  error(span(c), "unexpected expression");
  return lhs;
}

ExprPtr Builder::leaf(P::OpExprContext* c) {
  if (as<P::PrimaryExprContext>(c)) return primary(child<P::PrimaryContext>(c, P::RulePrimary));
  if (auto* n = as<P::NegExprContext>(c)) {
    ExprPtr operand = op_expr(n->opExpr());
    Span s = Span::cover(span(n->op), operand->span);
    if (n->op->getType() == P::PLUS) {
      operand->span = s;
      return operand;
    }
    auto e = make(ExprKind::Unary, s);
    e->un = ast::UnOp::Neg;
    e->a = std::move(operand);
    return e;
  }
  if (auto* n = as<P::NotExprContext>(c)) {
    ExprPtr operand = op_expr(n->opExpr());
    auto e = make(ExprKind::Unary, Span::cover(span(n->op), operand->span));
    e->un = ast::UnOp::Not;
    e->a = std::move(operand);
    return e;
  }
  if (auto* s = as<P::SearchExprContext>(c)) {
    auto e = make(ExprKind::Search, span(c));
    e->largest = s->dir->getType() == P::LARGEST;
    auto* name = child<P::IdentContext>(s, P::RuleIdent);
    e->text = name->getStart()->getText();
    e->name_span = span(name);
    e->a = range(child<P::SearchRangeContext>(s, P::RuleSearchRange));
    e->b = op_expr(child<P::OpExprContext>(s, P::RuleOpExpr));
    e->span = Span::cover(span(s->dir), e->b->span);
    return e;
  }
  if (auto* i = as<P::IfExprContext>(c)) {
    auto e = make(ExprKind::If, span(c));
    e->a = expr(i->expr(0));
    e->b = expr(i->expr(1));
    e->c = op_expr(i->opExpr());
    e->span = Span::cover(span(i->IF()), e->c->span);
    return e;
  }
  error(span(c), "unexpected expression");
  return make(ExprKind::Bool, span(c));
}


}  // namespace tco::syntax::detail
