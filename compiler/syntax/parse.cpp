// syntax::parse: bytes -> tokens -> parse tree -> AST, with tcoc-style diagnostics.
// Order of checks (the first error of a file is the only one reported):
//   1. bytes: NUL (E0002), invalid UTF-8 (E0003)
//   2. lexical error tokens: unterminated string/comment, bad number, stray character
//   3. nesting depth of the token stream (E0007), before ANTLR recurses
//   4. a token pre-pass that settles two things the grammar cannot cheaply: where a
//      function body's result starts (BODY_RESULT) and which `/` and `^` belong to a
//      literal's unit (USLASH, UCARET); see grammar/Tco.g4
//   5. the parse itself: the first syntax error stops it (E0004)
//   6. the builder's own checks
#include <antlr4-runtime.h>

#include <filesystem>
#include <set>

#include "TcoLexer.h"
#include "TcoParser.h"
#include "compiler/syntax/build.h"
#include "compiler/syntax/parse.h"

namespace tco::syntax {

namespace {

using detail::Env;
using P = tco_gen::TcoParser;
using antlr4::Token;

// Thrown to stop ANTLR at the first error (not a RecognitionException, so the
// generated rules do not catch it).
struct Bail {};

bool is_keyword(size_t type) { return type >= P::IMPORT && type <= P::MAX; }

// Keywords that double as names (`ident` in the grammar).
bool is_soft_ident(size_t t) {
  switch (t) {
    case P::STEP: case P::GEOMETRIC: case P::SEED: case P::SAMPLES: case P::TOP: case P::BEST:
    case P::BY: case P::PARETO: case P::SHOW: case P::OVER: case P::WHERE: return true;
    default: return false;
  }
}

// ---------------------------------------------------------------- bytes

bool check_bytes(FileId file, const SourceManager& sm, Diagnostics& diags) {
  const std::string& t = sm.file(file).text;
  for (uint32_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\0') {
      diags.report(DiagKind::NotText, Span{file, i, i + 1}, sm.file(file).path)
          .note("it contains a NUL byte");
      return false;
    }
    // An editor shows a lone CR (old Mac line ending) as a line break; tcoc's lines end at
    // LF, so `5\rGB` would be one literal that looks like two lines. Refused rather than
    // read differently from how it looks (found by fuzzing tcoc fmt).
    if (t[i] == '\r' && (i + 1 == t.size() || t[i + 1] != '\n')) {
      diags.report(DiagKind::UnexpectedChar, Span{file, i, i + 1}, "\\r")
          .note("a carriage return not followed by a line feed")
          .hint("save the file with LF (or CRLF) line endings");
      return false;
    }
  }
  const auto* s = reinterpret_cast<const unsigned char*>(t.data());
  size_t n = t.size();
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t len = 0;
    uint32_t min = 0, cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07, min = 0x10000;
    }
    // The reported byte is the first byte of the sequence that is not valid UTF-8
    // (a stray continuation byte, an impossible lead byte, or the lead of a truncated,
    // overlong or surrogate sequence).
    bool ok = len != 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) {
      uint32_t b = static_cast<uint32_t>(i);
      diags.report(DiagKind::InvalidUtf8, Span{file, b, b + 1}, static_cast<unsigned>(s[i]))
          .hint("tcoc reads source files as UTF-8");
      return false;
    }
    i += len;
  }
  return true;
}

// ---------------------------------------------------------------- lexical errors

bool check_tokens(Env& env, antlr4::BufferedTokenStream& tokens) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token* t = tokens.get(i);
    switch (t->getType()) {
      case P::UNTERMINATED_STRING: {
        Span s = env.span(t);
        s.end = s.begin + 1;
        env.report(DiagKind::UnterminatedString, s, "add a closing `\"` before the end of the line");
        return false;
      }
      case P::UNTERMINATED_COMMENT: {
        Span s = env.span(t);
        s.end = s.begin + 2;
        env.report(DiagKind::UnterminatedComment, s, "close it with `*/`");
        return false;
      }
      case P::BAD_NUMBER:
        env.report(DiagKind::BadNumber, env.span(t), "`_` may only separate two digits, as in `1_000_000`",
                   t->getText());
        return false;
      case P::ERROR_CHAR: {
        std::string text = t->getText();
        std::string shown = text;
        if (text.size() == 1 && (static_cast<unsigned char>(text[0]) < 0x20 || text[0] == 0x7F))
          shown = fmt::format("\\u{{{:x}}}", static_cast<unsigned>(text[0]));
        // Unit names are ASCII: the micro sign (U+00B5) and Greek mu (U+03BC) are `u`.
        std::string hint = text == "\xC2\xB5" || text == "\xCE\xBC" ? "write micro as `u`: `5 us`, `3 uW`" : "";
        env.report(DiagKind::UnexpectedChar, env.span(t), hint, shown);
        return false;
      }
      default: break;
    }
  }
  return true;
}

// ---------------------------------------------------------------- nesting

// Estimates how deeply ANTLR's recursive descent will recurse: brackets, plus the
// constructs that recurse without brackets (prefix `-`/`+`/`not`/`!`, right-associative
// `^`, `if`), each closed again by the operators that end its operand. Conservative:
// it may count a construct as open a little longer than the parser does, never shorter.
bool check_nesting(Env& env, antlr4::BufferedTokenStream& tokens) {
  struct Open {
    int closes_below;  // an infix operator of lower precedence ends it
    bool is_if;
    int if_state;  // 0: condition, 1: then-branch, 2: else-branch
  };
  // precedence levels (higher binds tighter): convert 2, or 3, and 4, not 5, cmp 6,
  // add 7, mul 8, neg 9, pow 10
  std::vector<std::vector<Open>> levels(1);
  size_t open_total = 0;
  bool after_operand = false;
  auto depth = [&] { return levels.size() - 1 + open_total; };
  auto close_below = [&](int prec) {
    auto& v = levels.back();
    while (!v.empty() && !v.back().is_if && v.back().closes_below > prec) {
      v.pop_back();
      --open_total;
    }
  };
  auto push = [&](Open o) {
    levels.back().push_back(o);
    ++open_total;
  };
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token* t = tokens.get(i);
    size_t type = t->getType();
    bool operand = false;
    switch (type) {
      case P::LPAREN:
      case P::LBRACK:
      case P::LBRACE: levels.emplace_back(); break;
      case P::RPAREN:
      case P::RBRACK:
      case P::RBRACE:
        if (levels.size() > 1) {
          open_total -= levels.back().size();
          levels.pop_back();
        }
        operand = true;
        break;
      case P::MINUS:
      case P::PLUS:
        if (after_operand) close_below(7);
        else push({9, false, 0});
        break;
      case P::NOT:
      case P::BANG: push({5, false, 0}); break;
      case P::CARET:
        close_below(10);
        push({10, false, 0});
        break;
      case P::STAR:
      case P::SLASH: close_below(8); break;
      case P::LT: case P::LE: case P::GT: case P::GE: case P::EQ: case P::NE: close_below(6); break;
      case P::AND:
      case P::AMPAMP: close_below(4); break;
      case P::OR:
      case P::PIPEPIPE: close_below(3); break;
      case P::ARROW: close_below(2); break;
      case P::IF: push({0, true, 0}); break;
      case P::THEN:
      case P::ELSE: {
        int want = type == P::THEN ? 0 : 1;
        auto& v = levels.back();
        size_t k = v.size();
        while (k > 0 && !(v[k - 1].is_if && v[k - 1].if_state == want)) --k;
        if (k > 0) {
          open_total -= v.size() - k;
          v.resize(k);
          v.back().if_state = want + 1;
        }
        break;
      }
      case P::DOT:
      case P::WITH:
      case P::DOLLAR: break;
      case P::NUMBER:
      case P::IDENT:
      case P::STRING:
      case P::TRUE:
      case P::FALSE:
      case P::MIN:
      case P::MAX:
      case P::PERCENT: operand = true; break;
      default:
        if (is_soft_ident(type) && !after_operand) {  // used as a name: `x * step`
          operand = true;
          break;
        }
        // separators and keywords end every construct at this level
        open_total -= levels.back().size();
        levels.back().clear();
        break;
    }
    after_operand = operand;
    if (depth() > static_cast<size_t>(kMaxNesting)) {
      env.report(DiagKind::NestingTooDeep, env.span(t),
                 "split the expression with `let`s", kMaxNesting);
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------- function bodies

bool can_end_expr(size_t t) {
  if (is_soft_ident(t)) return true;
  switch (t) {
    case P::IDENT: case P::NUMBER: case P::STRING: case P::TRUE: case P::FALSE: case P::RPAREN:
    case P::RBRACK: case P::RBRACE: case P::PERCENT: case P::DOLLAR: case P::MIN: case P::MAX: return true;
    default: return false;
  }
}

// Tokens that can start an expression but cannot continue one at the start of a line
// (unit factors must be on the number's line).
bool only_starts_expr(size_t t) {
  if (is_soft_ident(t)) return true;
  switch (t) {
    case P::IDENT: case P::NUMBER: case P::STRING: case P::TRUE: case P::FALSE: case P::DOLLAR:
    case P::LBRACK: case P::NOT: case P::BANG: case P::IF: case P::MIN: case P::MAX: return true;
    default: return false;
  }
}

size_t matching(const std::vector<Token*>& v, size_t open) {
  int depth = 0;
  for (size_t k = open; k < v.size(); ++k) {
    size_t t = v[k]->getType();
    if (t == P::LPAREN || t == P::LBRACK || t == P::LBRACE) ++depth;
    if (t == P::RPAREN || t == P::RBRACK || t == P::RBRACE) {
      if (--depth == 0) return k;
    }
  }
  return v.size();
}

// Where BODY_RESULT goes in `fn f(...) { let ... let ...  result }` (see fnBody in
// grammar/Tco.g4): token indexes, in order.
std::vector<size_t> body_results(antlr4::BufferedTokenStream& ts) {
  std::vector<Token*> v;
  for (size_t i = 0; i < ts.size(); ++i) v.push_back(ts.get(i));
  std::vector<size_t> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i]->getType() != P::FN) continue;
    size_t j = i + 1;
    while (j < v.size() && j < i + 3 && v[j]->getType() != P::LPAREN) ++j;
    if (j >= v.size() || v[j]->getType() != P::LPAREN) continue;
    j = matching(v, j) + 1;
    // the return type (a product) has no brackets: the body is the next `{` or `=`
    while (j < v.size() && v[j]->getType() != P::LBRACE && v[j]->getType() != P::ASSIGN &&
           !is_keyword(v[j]->getType()) && v[j]->getType() != Token::EOF)
      ++j;
    if (j >= v.size() || v[j]->getType() != P::LBRACE) continue;
    size_t open = j, close = matching(v, open);
    size_t last_let = 0;
    int depth = 0;
    for (size_t k = open + 1; k < close; ++k) {
      size_t t = v[k]->getType();
      if (depth == 0 && t == P::LET) last_let = k;
      if (t == P::LPAREN || t == P::LBRACK || t == P::LBRACE) ++depth;
      if (t == P::RPAREN || t == P::RBRACK || t == P::RBRACE) --depth;
    }
    if (last_let != 0) {
      depth = 0;
      for (size_t k = last_let + 1; k < close; ++k) {
        Token* t = v[k];
        Token* prev = v[k - 1];
        size_t ty = t->getType();
        if (depth == 0 && prev->getLine() < t->getLine() && can_end_expr(prev->getType())) {
          size_t pt = prev->getType();
          bool call = (pt == P::IDENT || pt == P::MIN || pt == P::MAX || is_soft_ident(pt)) &&
                      v[k - 2]->getType() != P::DOT;
          if (only_starts_expr(ty) || (ty == P::LPAREN && !call)) {
            out.push_back(k);
            break;
          }
        }
        if (ty == P::LPAREN || ty == P::LBRACK || ty == P::LBRACE) ++depth;
        if (ty == P::RPAREN || ty == P::RBRACK || ty == P::RBRACE) --depth;
      }
    }
    i = close < v.size() ? close : v.size();
  }
  return out;
}

bool is_unit_atom(size_t t) {
  return t == P::IDENT || t == P::MIN || t == P::MAX || t == P::DOLLAR || t == P::PERCENT;
}

// Finds the unit of every literal (`5 GB/s`, `$2.49/hr`, `5 m^2`, `60%`) and retypes its
// `/` USLASH and its `^` UCARET, following the grammar's rules for literals: a NUMBER
// (or `$` NUMBER) then factors, juxtaposed on the same line or after `/`; a `/` belongs
// to the unit when a unit name follows it, a `^` when an integer follows it.
void mark_literal_units(std::vector<std::unique_ptr<Token>>& v) {
  auto type = [&](size_t k) -> size_t { return k < v.size() ? v[k]->getType() : Token::EOF; };
  auto same_line = [&](size_t k) { return k < v.size() && v[k]->getLine() == v[k - 1]->getLine(); };
  // A name followed by `.`, `(` or `{` is a value being used (`gpu.bandwidth`, `f(x)`,
  // `R { x = 2 }`), never a unit.
  auto starts_access = [&](size_t k) { return type(k) == P::DOT || type(k) == P::LPAREN || type(k) == P::LBRACE; };
  // `$` then a number starts a money literal (`5 GB / $3`), not a `$` unit.
  auto money_literal = [&](size_t k) { return type(k) == P::DOLLAR && type(k + 1) == P::NUMBER; };
  // Consumes a factor at k (an atom, maybe a power); returns the index after it.
  auto factor = [&](size_t k) {
    ++k;
    if (type(k) == P::CARET) {
      size_t n = type(k + 1) == P::MINUS ? k + 2 : k + 1;
      if (type(n) == P::NUMBER) {
        static_cast<antlr4::CommonToken*>(v[k].get())->setType(P::UCARET);
        return n + 1;
      }
    }
    return k;
  };
  for (size_t i = 0; i < v.size(); ++i) {
    size_t k;
    if (type(i) == P::NUMBER) {
      k = i + 1;
      if (!(is_unit_atom(type(k)) && same_line(k) && !starts_access(k + 1))) continue;
      k = factor(k);
    } else if (type(i) == P::DOLLAR && type(i + 1) == P::NUMBER) {
      k = i + 2;
    } else {
      continue;
    }
    for (;;) {
      if (is_unit_atom(type(k)) && same_line(k) && !starts_access(k + 1)) {
        k = factor(k);
      } else if (type(k) == P::SLASH && is_unit_atom(type(k + 1)) && !starts_access(k + 2) && !money_literal(k + 1)) {
        static_cast<antlr4::CommonToken*>(v[k].get())->setType(P::USLASH);
        k = factor(k + 1);
      } else {
        break;
      }
    }
    i = k - 1;
  }
}

// The tokens the parser sees: a copy of the lexer's, with BODY_RESULT markers inserted
// and the `/` and `^` of literal units retyped.
std::vector<std::unique_ptr<Token>> prepare_tokens(antlr4::BufferedTokenStream& ts) {
  std::vector<size_t> marks = body_results(ts);
  std::vector<std::unique_ptr<Token>> out;
  out.reserve(ts.size() + marks.size());
  size_t m = 0;
  for (size_t i = 0; i < ts.size(); ++i) {
    Token* t = ts.get(i);
    if (m < marks.size() && marks[m] == i) {
      auto mark = std::make_unique<antlr4::CommonToken>(P::BODY_RESULT, std::string());
      mark->setLine(t->getLine());
      mark->setCharPositionInLine(t->getCharPositionInLine());
      mark->setStartIndex(t->getStartIndex());
      mark->setStopIndex(t->getStartIndex() - 1);
      out.push_back(std::move(mark));
      ++m;
    }
    out.push_back(std::make_unique<antlr4::CommonToken>(t));
  }
  mark_literal_units(out);
  return out;
}

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
      P::OVER,   P::WHERE};
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
                                     P::SIMULATE, P::FN,   P::LET,    P::ASSERT};
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

std::string describe_found(Token* t) {
  if (t->getType() == Token::EOF) return "end of file";
  if (t->getType() == P::STRING) return "a string";
  std::string s = t->getText();
  if (s.size() > 24) s = s.substr(0, 21) + "...";
  return "`" + s + "`";
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
    if (exp.count(P::BODY_RESULT) && prev != nullptr && prev->getLine() == found->getLine() &&
        only_starts_expr(found->getType())) {
      env_.syntax_error(at, fmt::format("expected a new line before {}", describe_found(found)),
                        "the result of a function body goes on a line of its own after the last `let`");
      return;
    }
    std::string want = at_decision_start ? describe_expected(exp, parser->getVocabulary()) : "";
    std::string message = want.empty()
                              ? fmt::format("unexpected {}", describe_found(found))
                              : fmt::format("expected {}, found {}", want, describe_found(found));
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

class Strategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit Strategy(SyntaxErrors& errors) : errors_(errors) {}

  void reportError(antlr4::Parser* p, const antlr4::RecognitionException& e) override {
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
    errors_.error(parser, found, expected, at_start);
    throw Bail{};
  }
  void recover(antlr4::Parser*, std::exception_ptr) override { throw Bail{}; }
  Token* recoverInline(antlr4::Parser* p) override {
    errors_.error(static_cast<P*>(p), p->getCurrentToken(), p->getExpectedTokens(), true);
    throw Bail{};
  }

 protected:
  void reportUnwantedToken(antlr4::Parser* p) override {
    errors_.error(static_cast<P*>(p), p->getCurrentToken(), p->getExpectedTokens(), true);
    throw Bail{};
  }
  void reportMissingToken(antlr4::Parser* p) override {
    errors_.error(static_cast<P*>(p), p->getCurrentToken(), p->getExpectedTokens(), true);
    throw Bail{};
  }

 private:
  SyntaxErrors& errors_;
};

// Anything ANTLR reports through listeners that the strategy did not see first.
class Listener : public antlr4::BaseErrorListener {
 public:
  explicit Listener(Env& env) : env_(env) {}
  void syntaxError(antlr4::Recognizer*, Token* bad, size_t, size_t, const std::string&,
                   std::exception_ptr) override {
    Span at = bad != nullptr ? env_.span(bad) : env_.eof_span();
    env_.syntax_error(at, "unexpected input");
  }

 private:
  Env& env_;
};

}  // namespace

std::unique_ptr<ast::Module> parse(FileId file, SourceManager& sm, Diagnostics& diags) {
  if (!check_bytes(file, sm, diags)) return nullptr;
  const SourceFile& sf = sm.file(file);
  Env env(file, sf.text, diags);
  try {
    antlr4::ANTLRInputStream input(sf.text);
    tco_gen::TcoLexer lexer(&input);
    Listener listener(env);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    env.set_tokens(&tokens);
    if (env.failed() || !check_tokens(env, tokens) || !check_nesting(env, tokens)) return nullptr;

    antlr4::ListTokenSource marked(prepare_tokens(tokens));
    antlr4::CommonTokenStream parse_tokens(&marked);
    parse_tokens.fill();
    env.set_tokens(&parse_tokens);
    P parser(&parse_tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    SyntaxErrors errors(env);
    auto strategy = std::make_shared<Strategy>(errors);
    parser.setErrorHandler(strategy);
    P::ModuleContext* tree = nullptr;
    try {
      tree = parser.module();
    } catch (const Bail&) {
      return nullptr;
    }
    if (env.failed() || tree == nullptr) return nullptr;
    auto m = detail::build_module(tree, env);
    if (m == nullptr || !check_expression_depth(*m, diags)) return nullptr;
    m->name = std::filesystem::path(sf.path).stem().string();
    sm.set_tokens(file, detail::token_layout(tree, parse_tokens, env));
    return m;
  } catch (const Bail&) {
    return nullptr;
  } catch (const std::exception& e) {
    env.set_tokens(nullptr);  // the streams died with the try block
    env.syntax_error(env.eof_span(), fmt::format("internal parser error: {}", e.what()));
    return nullptr;
  } catch (...) {
    env.set_tokens(nullptr);
    env.syntax_error(env.eof_span(), "internal parser error");
    return nullptr;
  }
}

}  // namespace tco::syntax
