#include "compiler/syntax/errors.h"

#include <fmt/format.h>

#include <set>

#include "compiler/syntax/prepass.h"

namespace tco::syntax::detail {
namespace {

using P = tco_gen::TcoParser;
using antlr4::Token;

// ---------------------------------------------------------------- syntax errors

bool is_binary_operator(size_t t) {
  switch (t) {
    case P::PLUS: case P::MINUS: case P::STAR: case P::SLASH: case P::CARET: case P::LT: case P::LE:
    case P::GT: case P::GE: case P::EQ: case P::NE: case P::AND: case P::AMPAMP: case P::OR:
    case P::PIPEPIPE: case P::DOT: case P::WITH: return true;
    default: return false;
  }
}

const std::set<size_t>& expr_starts() {
  static const std::set<size_t> s = {
      P::NUMBER, P::STRING, P::IDENT, P::DOLLAR, P::LPAREN, P::LBRACK, P::MINUS, P::PLUS,
      P::NOT,    P::BANG,   P::IF,    P::TRUE,   P::FALSE,  P::MIN,    P::MAX,   P::STEP,
      P::GEOMETRIC, P::SEED, P::SAMPLES, P::TOP, P::BEST,   P::BY,     P::PARETO, P::SHOW,
      P::OVER,   P::WHERE, P::LARGEST, P::SMALLEST};
  return s;
}
const std::set<size_t>& item_starts() {
  static const std::set<size_t> s = {P::IMPORT, P::DIMENSION, P::UNIT,     P::TYPE,
                                     P::LET,    P::FN,        P::REPORT,   P::SWEEP,
                                     P::SIMULATE, P::ASSERT,  P::AT};
  return s;
}
const std::set<size_t>& stmt_starts() {
  static const std::set<size_t> s = {P::OVER, P::SAMPLES, P::LET,    P::WHERE,
                                     P::BEST, P::TOP,     P::PARETO, P::SHOW};
  return s;
}
const std::set<size_t>& name_keywords() {
  static const std::set<size_t> s = {P::MIN,    P::MAX,    P::STEP,   P::GEOMETRIC, P::SAMPLES,
                                     P::SEED,   P::TOP,    P::BEST,   P::BY,        P::PARETO,
                                     P::SHOW,   P::OVER,   P::WHERE,  P::IN,        P::IMPORT,
                                     P::DIMENSION, P::UNIT, P::TYPE,  P::REPORT,    P::SWEEP,
                                     P::SIMULATE, P::FN,   P::LET,    P::ASSERT,    P::LARGEST,
                                     P::SMALLEST};
  return s;
}

bool contains_all(const std::set<size_t>& have, std::initializer_list<size_t> want) {
  for (size_t w : want)
    if (!have.count(w)) return false;
  return true;
}

// "a name, `)` or `,`"; empty when the set is too large to be useful.
std::string describe_expected(std::set<size_t> set, const antlr4::dfa::Vocabulary& voc) {
  std::vector<std::string> parts;
  if (set.erase(P::BODY_RESULT)) parts.push_back("the result expression");
  auto drop = [&](const std::set<size_t>& s) {
    for (size_t t : s) set.erase(t);
  };
  if (contains_all(set, {P::NUMBER, P::IDENT, P::LPAREN})) {
    parts.push_back("an expression");
    drop(expr_starts());
    // After `let x =`, a bound study could start too: rarely what was meant.
    drop({P::SWEEP, P::SIMULATE});
  }
  if (contains_all(set, {P::IMPORT, P::LET, P::FN, P::REPORT})) {
    parts.push_back("an item (`let`, `fn`, `type`, `report`, `sweep`, ...)");
    drop(item_starts());
  }
  if (contains_all(set, {P::OVER, P::WHERE, P::SHOW, P::BEST, P::LET})) {
    parts.push_back("a statement (`let`, `where`, `show`, ...)");
    drop(stmt_starts());
  }
  if (set.count(P::IDENT) && set.count(P::STEP)) {  // `ident` or `name`
    parts.push_back("a name");
    drop(name_keywords());
    set.erase(P::IDENT);
  }
  if (contains_all(set, {P::IDENT, P::DOLLAR, P::PERCENT})) {
    parts.push_back("a unit");
    for (size_t t : {P::IDENT, P::DOLLAR, P::PERCENT, P::MIN, P::MAX}) set.erase(t);
    set.erase(P::NUMBER);
  }
  for (size_t t : set) {
    if (t == Token::EOF) parts.push_back("end of file");
    else if (t == P::IDENT) parts.push_back("a name");
    else if (t == P::NUMBER) parts.push_back("a number");
    else if (t == P::STRING) parts.push_back("a string");
    else if (t == P::USLASH) parts.push_back("`/`");
    else if (t == P::UCARET) parts.push_back("`^`");
    else {
      std::string lit = voc.getLiteralName(t);
      if (lit.size() >= 2 && lit.front() == '\'') lit = lit.substr(1, lit.size() - 2);
      if (lit.empty()) return "";
      parts.push_back("`" + lit + "`");
    }
  }
  if (parts.empty() || parts.size() > 4) return "";
  // Sets that mix levels (an item or a statement or ...) read as noise.
  size_t groups = 0;
  for (const auto& p : parts)
    if (p.rfind("an item", 0) == 0 || p.rfind("a statement", 0) == 0 || p == "an expression") ++groups;
  if (groups > 1) return "";
  std::string out = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) out += (i + 1 == parts.size() ? " or " : ", ") + parts[i];
  return out;
}

// Records the first syntax error of the file in tcoc's words.
class SyntaxErrors {
 public:
  explicit SyntaxErrors(Env& env) : env_(env) {}

  void error(P* parser, Token* found, const antlr4::misc::IntervalSet& expected,
             bool at_decision_start) {
    if (env_.failed()) return;
    if (found->getType() == P::BODY_RESULT) found = env_.tokens().get(found->getTokenIndex() + 1);
    std::set<size_t> exp;
    for (auto t : expected.toList()) exp.insert(static_cast<size_t>(t));
    auto& tokens = env_.tokens();
    Span at = env_.span(found);

    if (found->getType() == Token::EOF) {
      // Which bracket is still open?
      std::vector<Token*> stack;
      for (size_t i = 0; i < tokens.size(); ++i) {
        Token* t = tokens.get(i);
        size_t ty = t->getType();
        if (ty == P::LPAREN || ty == P::LBRACK || ty == P::LBRACE) stack.push_back(t);
        else if ((ty == P::RPAREN || ty == P::RBRACK || ty == P::RBRACE) && !stack.empty()) stack.pop_back();
      }
      if (!stack.empty()) {
        Token* open = stack.back();
        const char* close = open->getType() == P::LPAREN ? ")" : open->getType() == P::LBRACK ? "]" : "}";
        env_.syntax_error(at, fmt::format("unexpected end of file; a `{}` may be missing", close),
                          env_.span(open), fmt::format("this `{}` is not closed", open->getText()));
        return;
      }
    }

    Token* prev = env_.previous(found);
    // `let t = 0 ms` then a line starting with `(`: the `(` continues the line, so `ms (`
    // reads as a call and the unit is not one. Say that, not that the result needs a line.
    Token* next = found->getTokenIndex() + 1 < tokens.size() ? tokens.get(found->getTokenIndex() + 1) : nullptr;
    if (exp.count(P::BODY_RESULT) && found->getType() == P::IDENT && next != nullptr &&
        next->getType() == P::LPAREN && next->getLine() > found->getLine()) {
      env_.syntax_error(at, fmt::format("`{}` followed by the `(` that starts the next line reads as a call",
                                        found->getText()),
                        "a line that starts with `(`, `-` or `+` continues the line before it; start the "
                        "result with something else (`2 * (a + b)`, not `(a + b) * 2`) or bind the "
                        "parenthesis with a `let`");
      return;
    }
    if (exp.count(P::BODY_RESULT) && prev != nullptr && prev->getLine() == found->getLine() &&
        only_starts_expr(found->getType())) {
      env_.syntax_error(at, fmt::format("expected a new line before {}", describe_token(found)),
                        "the result of a function body goes on a line of its own after the last `let`");
      return;
    }
    std::string want = at_decision_start ? describe_expected(exp, parser->getVocabulary()) : "";
    std::string message = want.empty()
                              ? fmt::format("unexpected {}", describe_token(found))
                              : fmt::format("expected {}, found {}", want, describe_token(found));
    env_.syntax_error(at, message, hint(parser, found, exp));
  }

 private:
  Env& env_;

  std::string hint(P* parser, Token* found, const std::set<size_t>& exp) {
    size_t ty = found->getType();
    auto* ctx = parser->getContext();
    if (ty == P::ASSIGN && exp.count(P::COLON) && dynamic_cast<P::ReportEntryContext*>(ctx))
      return "report entries are written `label: value`";
    if (ty == P::ASSIGN && exp.count(P::COLON) && dynamic_cast<P::FieldDeclContext*>(ctx))
      return "fields of a type are written `name: Type = default`";
    if (ty == P::COLON && exp.count(P::ASSIGN) &&
        (dynamic_cast<P::FieldInitContext*>(ctx) || dynamic_cast<P::ArgContext*>(ctx)))
      return "fields of a record are written `name = value`";
    if (dynamic_cast<P::ImportItemContext*>(ctx))
      return "`import` takes a module's name, never a path: `import fleet` reads `fleet.tco` from the stdlib, "
             "this file's folder or a folder of TCO_PATH";
    Token* prev = env_.previous(found);
    // `where x = 2`, `assert a = b`, `if a = b then`: a comparison was meant.
    if (ty == P::ASSIGN && (exp.count(P::EQ) || (!exp.count(P::ASSIGN) && prev && can_end_expr(prev->getType()))))
      return "to compare two values, write `==`";
    bool same_line = prev != nullptr && prev->getLine() == found->getLine();
    if (is_keyword(ty) && !is_soft_ident(ty) && exp.count(P::IDENT) &&
        (!exp.count(P::NUMBER) || (same_line && !item_starts().count(ty))))
      return fmt::format("`{}` is a keyword and cannot be used as a name here", found->getText());
    if (exp.count(P::BODY_RESULT) && (ty == P::RBRACE || ty == P::MINUS || ty == P::PLUS || ty == P::LPAREN))
      return "a function body ends with its result on a line of its own after the last `let`; "
             "a line starting with `-`, `+` or `(` continues the line before it";
    if (is_binary_operator(ty)) {
      // `a -> u + b`: walk back over the unit to a `->`
      for (Token* t = env_.previous(found); t != nullptr; t = env_.previous(t)) {
        size_t tt = t->getType();
        if (tt == P::ARROW)
          return "`->` converts the whole expression before it and comes last; to convert a part, "
                 "give it a name with `let`";
        if (!is_unit_atom(tt) && tt != P::SLASH && tt != P::USLASH && tt != P::STAR && tt != P::CARET &&
            tt != P::UCARET && tt != P::MINUS && tt != P::NUMBER)
          break;
      }
    }
    if (ty == P::IDENT) {
      Token* before = prev != nullptr ? env_.previous(prev) : nullptr;
      bool after_literal = prev != nullptr && (prev->getType() == P::NUMBER || prev->getType() == P::PERCENT ||
                                               (prev->getType() == P::IDENT && before != nullptr &&
                                                before->getType() == P::NUMBER && before->getLine() == prev->getLine()));
      if (after_literal && prev->getLine() < found->getLine())
        return "a unit must be on the same line as its number";
    }
    return "";
  }
};

}  // namespace

std::string describe_token(Token* t) {
  if (t->getType() == Token::EOF) return "end of file";
  if (t->getType() == P::STRING) return "a string";
  std::string s = t->getText();
  if (s.size() > 24) s = s.substr(0, 21) + "...";
  return "`" + s + "`";
}

void Strategy::reportError(antlr4::Parser* p, const antlr4::RecognitionException& e) {
  auto* parser = static_cast<P*>(p);
  Token* found = e.getOffendingToken();
  if (found == nullptr) found = p->getCurrentToken();
  bool at_start = true;
  if (auto* nv = dynamic_cast<const antlr4::NoViableAltException*>(&e)) {
    at_start = nv->getStartToken() == nullptr || nv->getStartToken() == found;
  } else if (dynamic_cast<const antlr4::FailedPredicateException*>(&e)) {
    at_start = false;
  }
  antlr4::misc::IntervalSet expected;
  try {
    expected = e.getExpectedTokens();
  } catch (...) {
    at_start = false;
  }
  SyntaxErrors(env_).error(parser, found, expected, at_start);
  throw Bail{};
}

void Strategy::recover(antlr4::Parser*, std::exception_ptr) { throw Bail{}; }

Token* Strategy::recoverInline(antlr4::Parser* p) {
  SyntaxErrors(env_).error(static_cast<P*>(p), p->getCurrentToken(), p->getExpectedTokens(), true);
  throw Bail{};
}

void Strategy::reportUnwantedToken(antlr4::Parser* p) {
  SyntaxErrors(env_).error(static_cast<P*>(p), p->getCurrentToken(), p->getExpectedTokens(), true);
  throw Bail{};
}

void Strategy::reportMissingToken(antlr4::Parser* p) {
  SyntaxErrors(env_).error(static_cast<P*>(p), p->getCurrentToken(), p->getExpectedTokens(), true);
  throw Bail{};
}

void Listener::syntaxError(antlr4::Recognizer*, Token* bad, size_t, size_t, const std::string&, std::exception_ptr) {
  Span at = bad != nullptr ? env_.span(bad) : env_.eof_span();
  env_.syntax_error(at, "unexpected input");
}

}  // namespace tco::syntax::detail
