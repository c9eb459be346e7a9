// Parse tree -> AST. Typed functions over the generated contexts (no visitors).
// Left-recursive chains (`a + b + c ...`, `x.a.b.c ...`) are walked with a loop, never
// recursion, so a 100,000-term chain cannot overflow the stack; everything that does
// recurse (brackets, prefix operators, `^`, `if`) was bounded by parse.cpp's nesting check.
#include "compiler/syntax/build.h"
#include "compiler/syntax/tree.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace tco::syntax::detail {

using P = tco_gen::TcoParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::TerminalNode;
using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;

// ---------------------------------------------------------------- Env

Env::Env(FileId file, const std::string& text, Diagnostics& diags)
    : file_(file), text_(text), diags_(&diags) {
  bool ascii = true;
  for (unsigned char c : text)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return;
  offsets_.reserve(text.size() + 1);
  // ANTLRInputStream drops a leading UTF-8 byte order mark: its code point 0 is the byte
  // after it (found by fuzzing: every span of such a file was 3 bytes early).
  uint32_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (uint32_t i = start; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets_.push_back(i);
  offsets_.push_back(static_cast<uint32_t>(text.size()));
}

uint32_t Env::byte(size_t cp) const {
  if (offsets_.empty()) return static_cast<uint32_t>(std::min(cp, text_.size()));
  return offsets_[std::min(cp, offsets_.size() - 1)];
}

Span Env::span(Token* t) const {
  if (t == nullptr || t->getType() == Token::EOF) return eof_span();
  return Span{file_, byte(t->getStartIndex()), byte(t->getStopIndex() + 1)};
}

Span Env::span(ParserRuleContext* c) const {
  Token* a = c->getStart();
  Token* b = c->getStop();
  Span s = span(a);
  if (b != nullptr && b->getType() != Token::EOF && b->getTokenIndex() >= a->getTokenIndex())
    s.end = byte(b->getStopIndex() + 1);
  return s;
}

Span Env::eof_span() const {
  // The last character of the last real token: where the missing piece belongs.
  uint32_t end = static_cast<uint32_t>(text_.size());
  if (tokens_ != nullptr) {
    for (size_t i = tokens_->size(); i-- > 0;) {
      Token* t = tokens_->get(i);
      if (t->getType() != Token::EOF) {
        end = byte(t->getStopIndex() + 1);
        break;
      }
    }
  }
  if (end == 0) return Span{file_, 0, 0};
  uint32_t begin = end - 1;
  while (begin > 0 && (static_cast<unsigned char>(text_[begin]) & 0xC0) == 0x80) --begin;
  return Span{file_, begin, end};
}

Token* Env::previous(Token* t) const {
  size_t i = t->getTokenIndex();
  return i == 0 ? nullptr : tokens_->get(i - 1);
}

// ---------------------------------------------------------------- builder

namespace {

enum class Op { Juxt, Div, Mul };

// One unit factor as written: `GB`, `s^-1`, `$`.
struct FactorSrc {
  Token* atom = nullptr;
  Token* minus = nullptr;  // in `^-2`
  Token* power = nullptr;  // NUMBER after `^`
  Op op = Op::Juxt;        // how it joins the factor before it
  Span span;
};

ExprPtr make(ExprKind k, Span s) { return std::make_unique<Expr>(k, s); }

class Builder {
 public:
  explicit Builder(Env& env) : env_(env) {}

  void item(P::ItemContext* c, ast::Module& m);
  ExprPtr expr(P::ExprContext* c);
  ExprPtr op_expr(P::OpExprContext* c);

 private:
  Env& env_;

  Span span(Token* t) const { return env_.span(t); }
  Span span(TerminalNode* n) const { return env_.span(n); }
  Span span(ParserRuleContext* c) const { return env_.span(c); }
  void error(Span at, std::string msg, std::string hint = "") {
    env_.syntax_error(at, std::move(msg), std::move(hint));
  }

  // expressions
  ExprPtr leaf(P::OpExprContext* c);
  // `a .. b`, `a .. b step d`, `a .. b geometric r`: a sweep's axis or a search's values.
  template <class Ctx>
  ExprPtr range(Ctx* r) {
    auto e = make(ExprKind::Range, span(r));
    e->a = expr(r->expr(0));
    e->b = expr(r->expr(1));
    if (r->expr().size() > 2) {
      e->c = expr(r->expr(2));
      e->range = r->GEOMETRIC() != nullptr ? ast::RangeKind::Geometric : ast::RangeKind::Step;
    }
    return e;
  }
  ExprPtr extend(P::OpExprContext* c, ExprPtr lhs);
  ExprPtr primary(P::PrimaryContext* c);
  ExprPtr number(Token* num, std::vector<FactorSrc> factors, Token* dollar, Span whole);
  void fields(const std::vector<P::FieldInitContext*>& fs, std::vector<ast::Arg>& out);
  ExprPtr binary(ast::BinOp op, ExprPtr a, ExprPtr b);

  // units
  template <class Ctx>
  FactorSrc factor(Ctx* f, Op op);
  void lit_tail(P::LitTailContext* t, std::vector<FactorSrc>& out);
  ast::Product make_product(const std::vector<FactorSrc>& fs);
  ast::Product product(P::ProductContext* c);
  ast::TypeExpr type(P::TypeExprContext* c) { return ast::TypeExpr{product(c->product())}; }

  // pieces
  std::string name(P::NameContext* c) { return c->getStart()->getText(); }
  std::string string_value(Token* t);
  std::string label(P::LabelContext* c);
  ast::LetDecl let(P::LetDeclContext* c);
  ast::Study& study(ParserRuleContext* c, Token* title, const std::vector<P::StudyStmtContext*>& stmts,
             bool simulation, ast::Module& m);
  void check_separated(const std::vector<ParserRuleContext*>& elems, bool comma_ok,
                       const char* what);
  ast::Direction direction(P::DirectionContext* d) {
    return d->MIN() != nullptr ? ast::Direction::Min : ast::Direction::Max;
  }
};

template <class T>
std::vector<ParserRuleContext*> as_rules(const std::vector<T*>& v) {
  return std::vector<ParserRuleContext*>(v.begin(), v.end());
}

std::string describe_token(Token* t) {
  if (t->getType() == Token::EOF) return "end of file";
  if (t->getType() == P::STRING) return "a string";
  std::string s = t->getText();
  if (s.size() > 24) s = s.substr(0, 21) + "...";
  return "`" + s + "`";
}

// ---------------------------------------------------------------- separators

// Elements of a `{ ... }` block are separated by newlines (or commas where comma_ok).
void Builder::check_separated(const std::vector<ParserRuleContext*>& elems, bool comma_ok,
                              const char* what) {
  for (size_t i = 1; i < elems.size(); ++i) {
    Token* start = elems[i]->getStart();
    Token* prev = env_.previous(start);
    if (prev == nullptr) continue;
    if (comma_ok && prev->getType() == P::COMMA) continue;
    if (prev->getLine() != start->getLine()) continue;
    error(span(start),
          fmt::format("expected {} before {}", comma_ok ? "`,` or a new line" : "a new line",
                      describe_token(start)),
          fmt::format("{} are separated by {}", what, comma_ok ? "commas or new lines" : "new lines"));
    return;
  }
}

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
    env_.report(DiagKind::BadNumber, span(num),
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
P::OpExprContext* left_operand(P::OpExprContext* c) {
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

ast::BinOp bin_op(size_t token_type) {
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

// ---------------------------------------------------------------- items

std::string Builder::label(P::LabelContext* c) {
  if (c->STRING() != nullptr) return string_value(c->STRING()->getSymbol());
  return name(c->name());
}

ast::LetDecl Builder::let(P::LetDeclContext* c) {
  ast::LetDecl d;
  auto* name = child<P::IdentContext>(c, P::RuleIdent);
  d.name = name->getStart()->getText();
  d.span = span(name);
  if (auto* declared = child<P::TypeExprContext>(c, P::RuleTypeExpr)) d.declared = type(declared);
  if (auto* bound = c->boundStudy()) {
    // item() takes the top-level ones; a study cannot be bound inside a function or a study.
    error(Span::cover(span(bound->kind), span(bound->STRING())),
          fmt::format("a {} can be bound only at the top level of a plan", bound->kind->getText()),
          "move it out, next to the reports and asserts that use its result");
    d.value = make(ExprKind::Bool, span(bound->kind));
    return d;
  }
  d.value = expr(child<P::ExprContext>(c, P::RuleExpr));
  return d;
}

// Splits `e -> unit` into the value and its display unit (reports and `show`).
void unwrap_convert(ExprPtr& value, std::optional<ast::Product>& unit) {
  if (value->kind != ExprKind::Convert) return;
  unit = std::move(value->unit);
  ExprPtr inner = std::move(value->a);
  value = std::move(inner);
}

ast::Study& Builder::study(ParserRuleContext* c, Token* title, const std::vector<P::StudyStmtContext*>& stmts,
                    bool simulation, ast::Module& m) {
  ast::Study s;
  s.is_simulation = simulation;
  s.title = string_value(title);
  s.span = Span::cover(span(c->getStart()), span(title));
  check_separated(as_rules(stmts), false, "statements");
  const char* what = simulation ? "simulate" : "sweep";
  bool have_over = false, have_samples = false;
  for (auto* st : stmts) {
    if (auto* o = as<P::OverStmtContext>(st)) {
      if (simulation) {
        error(span(o->OVER()), "`over` is only allowed in `sweep`",
              "a simulation draws its inputs from distributions: `let x = uniform(a, b)`");
      } else if (have_over) {
        error(span(o->OVER()), "a sweep has one `over` clause",
              "list every axis in it, separated by commas: `over a in [...], b in 1 .. 8`");
      }
      have_over = true;
      for (auto* ax : o->axis()) {
        ast::Axis a;
        a.name = ax->ident()->getStart()->getText();
        a.span = span(ax);
        if (auto* r = as<P::RangeValuesContext>(ax->axisValues())) {
          a.values = range(r);
        } else {
          a.values = expr(as<P::ExprValuesContext>(ax->axisValues())->expr());
        }
        s.axes.push_back(std::move(a));
      }
    } else if (auto* sm = as<P::SamplesStmtContext>(st)) {
      if (!simulation) {
        error(span(sm->SAMPLES()), "`samples` is only allowed in `simulate`");
      } else if (have_samples) {
        error(span(sm->SAMPLES()), "`samples` is given twice");
      }
      have_samples = true;
      s.samples = expr(sm->expr(0));
      if (sm->expr().size() > 1) s.seed = expr(sm->expr(1));
      s.samples_span = span(sm);
    } else if (auto* l = as<P::LetStmtContext>(st)) {
      s.lets.push_back(let(l->letDecl()));
    } else if (auto* w = as<P::WhereStmtContext>(st)) {
      s.where.push_back(expr(w->expr()));
    } else if (auto* sh = as<P::ShowStmtContext>(st)) {
      for (auto* it : sh->showItem()) {
        ast::ShowItem item;
        if (it->label() != nullptr) item.label = label(it->label());
        item.span = span(it);
        item.value = expr(it->expr());
        unwrap_convert(item.value, item.unit);
        s.show.push_back(std::move(item));
      }
    } else {
      // a reduction
      if (s.reduction.kind != ast::ReductionKind::None) {
        error(span(st->getStart()), fmt::format("a {} has one reduction; `{}` follows another", what, st->getStart()->getText()),
              "choose one of `best`, `top` and `pareto`");
      }
      ast::Reduction r;
      r.span = span(st);
      if (auto* b = as<P::BestStmtContext>(st)) {
        r.kind = ast::ReductionKind::Best;
        ast::Objective o;
        o.dir = direction(b->direction());
        o.value = expr(b->expr(0));
        o.span = Span::cover(span(b->direction()), o.value->span);
        r.objectives.push_back(std::move(o));
        for (size_t i = 1; i < b->expr().size(); ++i) r.by.push_back(expr(b->expr(i)));
      } else if (auto* t = as<P::TopStmtContext>(st)) {
        r.kind = ast::ReductionKind::Top;
        r.count = expr(t->expr(0));
        ast::Objective o;
        o.dir = direction(t->direction());
        o.value = expr(t->expr(1));
        o.span = Span::cover(span(t->direction()), o.value->span);
        r.objectives.push_back(std::move(o));
      } else if (auto* p = as<P::ParetoStmtContext>(st)) {
        r.kind = ast::ReductionKind::Pareto;
        for (auto* ob : p->objective()) {
          ast::Objective o;
          o.dir = direction(ob->direction());
          o.value = expr(ob->expr());
          o.span = span(ob);
          r.objectives.push_back(std::move(o));
        }
        if (r.objectives.size() != 2) {
          error(r.span, fmt::format("`pareto` takes exactly two objectives, found {}", r.objectives.size()),
                "write `pareto max a, min b`");
        }
      }
      if (s.reduction.kind == ast::ReductionKind::None) s.reduction = std::move(r);
    }
  }
  m.items.push_back(ast::Item{ast::ItemKind::Study, m.studies.size()});
  m.studies.push_back(std::move(s));
  return m.studies.back();
}

void Builder::item(P::ItemContext* c, ast::Module& m) {
  if (auto* i = as<P::ImportItemContext>(c)) {
    m.items.push_back(ast::Item{ast::ItemKind::Import, m.imports.size()});
    m.imports.push_back(ast::Import{i->IDENT()->getText(), span(i->IDENT())});
    return;
  }
  if (auto* d = as<P::DimensionItemContext>(c)) {
    ast::DimensionDecl decl;
    decl.name = d->IDENT()->getText();
    decl.span = span(d->IDENT());
    if (d->product() != nullptr) decl.definition = product(d->product());
    m.items.push_back(ast::Item{ast::ItemKind::Dimension, m.dimensions.size()});
    m.dimensions.push_back(std::move(decl));
    return;
  }
  if (auto* u = as<P::UnitItemContext>(c)) {
    ast::UnitDecl decl;
    decl.name = u->unitName()->getStart()->getText();
    decl.span = span(u->unitName());
    for (auto* dec : u->decorator()) {
      std::string n = dec->IDENT(0)->getText();
      if (n != "prefixes") {
        error(Span::cover(span(dec->AT()), span(dec->IDENT(0))), fmt::format("unknown decorator `@{}`", n),
              "the decorator of units is `@prefixes(si, binary)`");
        continue;
      }
      auto ids = dec->IDENT();
      for (size_t k = 1; k < ids.size(); ++k) {
        std::string set = ids[k]->getText();
        if (set != "si" && set != "binary") {
          error(span(ids[k]), fmt::format("unknown prefix set `{}`", set),
                "the prefix sets are `si` (k, M, G, ...) and `binary` (Ki, Mi, Gi, ...)");
          continue;
        }
        decl.prefixes.push_back(set);
      }
    }
    if (u->product() != nullptr) decl.base_of = product(u->product());
    if (u->expr() != nullptr) decl.definition = expr(u->expr());
    m.items.push_back(ast::Item{ast::ItemKind::Unit, m.units.size()});
    m.units.push_back(std::move(decl));
    return;
  }
  if (auto* t = as<P::TypeItemContext>(c)) {
    ast::TypeDecl decl;
    decl.name = t->IDENT()->getText();
    decl.span = span(t->IDENT());
    check_separated(as_rules(t->fieldDecl()), true, "fields");
    for (auto* f : t->fieldDecl()) {
      ast::FieldDecl fd;
      fd.name = name(f->name());
      fd.span = span(f->name());
      fd.type = type(f->typeExpr());
      if (f->expr() != nullptr) fd.default_value = expr(f->expr());
      decl.fields.push_back(std::move(fd));
    }
    m.items.push_back(ast::Item{ast::ItemKind::Type, m.types.size()});
    m.types.push_back(std::move(decl));
    return;
  }
  if (auto* l = as<P::LetItemContext>(c); l != nullptr && l->letDecl()->boundStudy() != nullptr) {
    auto* d = l->letDecl();
    auto* b = d->boundStudy();
    if (d->typeExpr() != nullptr)
      error(span(d->typeExpr()), "a bound study's type is its result's, and cannot be declared",
            fmt::format("write `let {} = {} ...`", d->ident()->getStart()->getText(), b->kind->getText()));
    ast::Study& st = study(d, b->STRING()->getSymbol(), b->studyStmt(), b->kind->getType() == P::SIMULATE, m);
    st.binding = d->ident()->getStart()->getText();
    st.binding_span = span(d->ident());
    return;
  }
  if (as<P::LetItemContext>(c)) {
    m.items.push_back(ast::Item{ast::ItemKind::Let, m.lets.size()});
    m.lets.push_back(let(child<P::LetDeclContext>(c, P::RuleLetDecl)));
    return;
  }
  if (auto* f = as<P::FnItemContext>(c)) {
    ast::FnDecl decl;
    decl.name = f->ident()->getStart()->getText();
    decl.span = span(f->ident());
    for (auto* p : f->param()) {
      ast::Param prm;
      prm.name = p->ident()->getStart()->getText();
      prm.span = span(p->ident());
      prm.type = type(p->typeExpr());
      if (p->expr() != nullptr) prm.default_value = expr(p->expr());
      decl.params.push_back(std::move(prm));
    }
    if (f->typeExpr() != nullptr) decl.result = type(f->typeExpr());
    if (auto* b = as<P::ExprBodyContext>(f->fnBody())) {
      decl.body = expr(b->expr());
    } else if (auto* b = as<P::BlockBodyContext>(f->fnBody())) {
      for (auto* l : b->letDecl()) decl.lets.push_back(let(l));
      decl.body = expr(b->expr());
    }
    m.items.push_back(ast::Item{ast::ItemKind::Fn, m.fns.size()});
    m.fns.push_back(std::move(decl));
    return;
  }
  if (auto* r = as<P::ReportItemContext>(c)) {
    ast::Report rep;
    rep.title = string_value(r->STRING()->getSymbol());
    rep.span = Span::cover(span(r->REPORT()), span(r->STRING()));
    check_separated(as_rules(r->reportEntry()), true, "report entries");
    for (auto* en : r->reportEntry()) {
      ast::ReportEntry e;
      e.label = label(en->label());
      e.label_span = span(en->label());
      e.value = expr(en->expr());
      unwrap_convert(e.value, e.unit);
      rep.entries.push_back(std::move(e));
    }
    m.items.push_back(ast::Item{ast::ItemKind::Report, m.reports.size()});
    m.reports.push_back(std::move(rep));
    return;
  }
  if (auto* s = as<P::SweepItemContext>(c)) {
    study(s, s->STRING()->getSymbol(), s->studyStmt(), false, m);
    return;
  }
  if (auto* s = as<P::SimulateItemContext>(c)) {
    study(s, s->STRING()->getSymbol(), s->studyStmt(), true, m);
    return;
  }
  if (auto* a = as<P::AssertItemContext>(c)) {
    ast::Assert as;
    as.condition = expr(a->expr());
    if (a->STRING() != nullptr) as.message = string_value(a->STRING()->getSymbol());
    as.span = span(a);
    m.items.push_back(ast::Item{ast::ItemKind::Assert, m.asserts.size()});
    m.asserts.push_back(std::move(as));
    return;
  }
  error(span(c), "unexpected item");
}

}  // namespace

bool build_items(P::ModuleContext* tree, Env& env, ast::Module& m) {
  Builder b(env);
  for (auto* it : children<P::ItemContext>(tree, P::RuleItem)) {
    b.item(it, m);
    if (env.failed()) return false;
  }
  return true;
}

}  // namespace tco::syntax::detail
