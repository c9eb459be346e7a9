// The parse-tree walker's declarations, shared by build.cpp (items, studies, the Env) and
// build_expr.cpp (expressions, literals, units). Private to compiler/syntax.
#pragma once
#include <antlr4-runtime.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/syntax/build.h"
#include "compiler/syntax/tree.h"

namespace tco::syntax::detail {

using P = tco_gen::TcoParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::TerminalNode;
using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;

enum class Op { Juxt, Div, Mul };

// One unit factor as written: `GB`, `s^-1`, `$`.
struct FactorSrc {
  Token* atom = nullptr;
  Token* minus = nullptr;  // in `^-2`
  Token* power = nullptr;  // NUMBER after `^`
  Op op = Op::Juxt;        // how it joins the factor before it
  Span span;
};

inline ExprPtr make(ExprKind k, Span s) { return std::make_unique<Expr>(k, s); }

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

}  // namespace tco::syntax::detail
