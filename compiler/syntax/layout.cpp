// The canonical spacing of a parsed file: for every token, whether one space separates it
// from the token before on a line, and whether it is infix (continues a statement across
// a line break). The rules need the parse tree, since a token's role decides them: `-` is
// tight as a sign and spaced as a subtraction, `/` is tight in a unit (`GB/s`) and spaced
// in a division, `(` is tight after a function's name only. `tcoc fmt` lays lines out
// with these flags and span_text() joins tokens with them.
#include <vector>

#include "compiler/syntax/build.h"
#include "compiler/syntax/prepass.h"
#include "compiler/syntax/tree.h"

namespace tco::syntax::detail {

namespace {

using P = tco_gen::TcoParser;
using antlr4::ParserRuleContext;
using antlr4::Token;

enum class Role : uint8_t { Plain, TightAfter, TightBefore, TightBoth, Kept };

struct TokenRole {
  Role role = Role::Plain;
  bool infix = false;
};

bool is_unit_context(ParserRuleContext* c) {
  return as<P::ProductContext>(c) || as<P::UnitFactorContext>(c) ||
         as<P::LitTailContext>(c) || as<P::LitFactorContext>(c);
}

// The role of terminal `type` as a child of rule `c`.
TokenRole classify(ParserRuleContext* c, size_t type) {
  // In a literal, `/` before a name is parsed as part of the unit, but the checker reads
  // `1 tok / tpot` as a division when `tpot` is a value: only the writer knows which it
  // is, so their spacing is kept (made symmetric).
  if (as<P::LitTailContext>(c) && type == P::USLASH) return {Role::Kept, true};
  if (is_unit_context(c)) {
    switch (type) {
      case P::SLASH: case P::USLASH: case P::STAR: return {Role::TightBoth, true};
      case P::CARET: case P::UCARET: case P::MINUS: return {Role::TightBoth, false};
      default: return {};
    }
  }
  if (as<P::NegExprContext>(c)) return {Role::TightAfter, false};
  if (as<P::NotExprContext>(c)) return {type == P::BANG ? Role::TightAfter : Role::Plain, false};
  if (as<P::MoneyLitContext>(c) && type == P::DOLLAR) return {Role::TightAfter, false};
  if (as<P::DecoratorContext>(c)) {
    if (type == P::AT) return {Role::TightAfter, false};
    if (type == P::LPAREN) return {Role::TightBefore, false};
    return {};
  }
  if ((as<P::CallExprContext>(c) || as<P::FnItemContext>(c)) && type == P::LPAREN)
    return {Role::TightBefore, false};
  if (as<P::FieldExprContext>(c) && type == P::DOT) return {Role::TightBoth, true};
  if (as<P::AddExprContext>(c) || as<P::MulExprContext>(c) ||
      as<P::CmpExprContext>(c) || as<P::AndExprContext>(c) ||
      as<P::OrExprContext>(c) || as<P::PowExprContext>(c))
    return {Role::Plain, true};
  if (as<P::WithExprContext>(c) && type == P::WITH) return {Role::Plain, true};
  if (as<P::ExprContext>(c) && type == P::ARROW) return {Role::Plain, true};
  if (as<P::IfExprContext>(c) && (type == P::THEN || type == P::ELSE)) return {Role::Plain, true};
  if (as<P::RangeValuesContext>(c) || as<P::SearchRangeContext>(c)) return {Role::Plain, true};
  // `largest b in 1 .. 64` / `where ...` on the next line continues the search.
  if (as<P::SearchExprContext>(c) && (type == P::IN || type == P::WHERE)) return {Role::Plain, true};
  if ((as<P::BestStmtContext>(c) || as<P::TopStmtContext>(c)) && type == P::BY)
    return {Role::Plain, true};
  if (as<P::SamplesStmtContext>(c) && type == P::SEED) return {Role::Plain, true};
  if (as<P::AxisContext>(c) && type == P::IN) return {Role::Plain, true};
  return {};
}

// Only these tokens ever get a role other than Plain; the rest skip the rule lookup, which
// matters in a 10 MB plan.
bool may_have_role(size_t t) {
  switch (t) {
    case P::MINUS: case P::PLUS: case P::STAR: case P::SLASH: case P::USLASH: case P::CARET: case P::UCARET:
    case P::BANG: case P::DOLLAR: case P::AT: case P::LPAREN: case P::DOT: case P::LT: case P::LE: case P::GT:
    case P::GE: case P::EQ: case P::NE: case P::AND: case P::AMPAMP: case P::OR: case P::PIPEPIPE: case P::WITH:
    case P::ARROW: case P::THEN: case P::ELSE: case P::DOTDOT: case P::STEP: case P::GEOMETRIC: case P::BY:
    case P::SEED: case P::IN: case P::WHERE: return true;
    default: return false;
  }
}

bool space_between(const Token& prev, const TokenRole& pr, const Token& cur, const TokenRole& cr,
                   const Env& env) {
  size_t pt = prev.getType(), ct = cur.getType();
  if (pt == P::LPAREN || pt == P::LBRACK) return false;
  if (ct == P::RPAREN || ct == P::RBRACK) return false;
  if (ct == P::RBRACE) return pt != P::LBRACE;
  if (pt == P::LBRACE) return true;
  if (ct == P::COMMA || ct == P::COLON) return false;
  if (cr.role == Role::TightBefore || cr.role == Role::TightBoth) return false;
  if (pr.role == Role::TightAfter || pr.role == Role::TightBoth) return false;
  if (ct == P::PERCENT && pt == P::NUMBER) return false;
  // `5M` is five million and `5 M` five of unit M: whether the two touch is meaning.
  if (pt == P::NUMBER && is_unit_atom(ct))
    return env.byte(cur.getStartIndex()) != env.byte(prev.getStopIndex() + 1);
  return true;
}

}  // namespace

void token_layout(P::ModuleContext* tree, antlr4::BufferedTokenStream& tokens, const Env& env,
                  std::vector<SourceToken>& out) {
  // Each terminal's role, found from its parent rule; an explicit stack, since an
  // operator chain `a + b + ...` is as deep as it is long.
  std::vector<TokenRole> roles(tokens.size());
  std::vector<ParserRuleContext*> todo{tree};
  while (!todo.empty()) {
    ParserRuleContext* c = todo.back();
    todo.pop_back();
    for (auto* child : c->children) {
      if (is_terminal(child)) {
        size_t i = token_index(child);
        if (i >= roles.size()) continue;
        size_t type = tokens.get(i)->getType();
        if (may_have_role(type)) roles[i] = classify(c, type);
      } else {
        todo.push_back(static_cast<ParserRuleContext*>(child));
      }
    }
  }
  std::vector<size_t> kept;  // indexes into out of Role::Kept tokens
  out.reserve(out.size() + tokens.size());
  // Tokens laid out before these end an item, and these start one (parse.cpp splits a file
  // only there): an item's first keyword is spaced from whatever ends the item before, as
  // space_between would say (no rule makes either side tight).
  const bool after_items = !out.empty();
  const Token* prev = nullptr;
  TokenRole prev_role;
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token* t = tokens.get(i);
    if (t->getType() == Token::EOF || t->getType() == P::BODY_RESULT) continue;
    TokenRole r = roles[i];
    Span s = env.span(t);
    if (r.role == Role::Kept) kept.push_back(out.size());
    bool spaced = prev != nullptr ? space_between(*prev, prev_role, *t, r, env) : after_items;
    out.push_back(SourceToken{s.begin, s.end, spaced, r.infix});
    prev = t;
    prev_role = r;
  }
  for (size_t k : kept) {
    if (k == 0 || k + 1 >= out.size()) continue;
    bool spaced = out[k].begin > out[k - 1].end || out[k + 1].begin > out[k].end;
    out[k].space_before = out[k + 1].space_before = spaced;
  }
}

}  // namespace tco::syntax::detail
