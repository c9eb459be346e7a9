#include "compiler/syntax/prepass.h"

#include <fmt/format.h>

#include "compiler/syntax/parse.h"

namespace tco::syntax::detail {

using P = tco_gen::TcoParser;
using antlr4::Token;

bool is_keyword(size_t type) { return type >= P::IMPORT && type <= P::SMALLEST; }

bool is_soft_ident(size_t t) {
  switch (t) {
    case P::STEP: case P::GEOMETRIC: case P::SEED: case P::SAMPLES: case P::TOP: case P::BEST:
    case P::BY: case P::PARETO: case P::SHOW: case P::OVER: case P::WHERE: case P::LARGEST: case P::SMALLEST:
      return true;
    default: return false;
  }
}

// ---------------------------------------------------------------- bytes

bool check_bytes(FileId file, const SourceManager& sm, Diagnostics& diags) {
  const std::string& t = sm.file(file).text;
  for (uint32_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\0') {
      diags.report<DiagKind::NotText>(Span{file, i, i + 1}, sm.file(file).path)
          .note("it contains a NUL byte");
      return false;
    }
    // An editor shows a lone CR (old Mac line ending) as a line break; tcoc's lines end at
    // LF, so `5\rGB` would be one literal that looks like two lines. Refused rather than
    // read differently from how it looks (found by fuzzing tcoc fmt).
    if (t[i] == '\r' && (i + 1 == t.size() || t[i + 1] != '\n')) {
      diags.report<DiagKind::UnexpectedChar>(Span{file, i, i + 1}, "\\r")
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
      diags.report<DiagKind::InvalidUtf8>(Span{file, b, b + 1}, static_cast<unsigned>(s[i]))
          .hint("tcoc reads source files as UTF-8");
      return false;
    }
    i += len;
  }
  return true;
}
// ---------------------------------------------------------------- lexical errors

bool check_tokens(Env& env, const std::vector<Lexeme>& tokens) {
  for (const Lexeme& t : tokens) {
    switch (t.type) {
      case P::UNTERMINATED_STRING: {
        Span s = env.span(t);
        s.end = s.begin + 1;
        env.report<DiagKind::UnterminatedString>(s, "add a closing `\"` before the end of the line");
        return false;
      }
      case P::UNTERMINATED_COMMENT: {
        Span s = env.span(t);
        s.end = s.begin + 2;
        env.report<DiagKind::UnterminatedComment>(s, "close it with `*/`");
        return false;
      }
      case P::BAD_NUMBER:
        env.report<DiagKind::BadNumber>(env.span(t), "`_` may only separate two digits, as in `1_000_000`",
                   env.text(t));
        return false;
      case P::ERROR_CHAR: {
        std::string text = env.text(t);
        std::string shown = text;
        if (text.size() == 1 && (static_cast<unsigned char>(text[0]) < 0x20 || text[0] == 0x7F))
          shown = fmt::format("\\u{{{:x}}}", static_cast<unsigned>(text[0]));
        // Unit names are ASCII: the micro sign (U+00B5) and Greek mu (U+03BC) are `u`.
        std::string hint = text == "\xC2\xB5" || text == "\xCE\xBC" ? "write micro as `u`: `5 us`, `3 uW`" : "";
        env.report<DiagKind::UnexpectedChar>(env.span(t), hint, shown);
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
bool check_nesting(Env& env, const std::vector<Lexeme>& tokens) {
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
  for (const Lexeme& t : tokens) {
    size_t type = t.type;
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
      case P::LARGEST:
      case P::SMALLEST:
        // A bounded search opens a construct that only a separator closes (its condition
        // extends as far as it can); used as a name, it is an operand.
        if (after_operand) {
          open_total -= levels.back().size();
          levels.back().clear();
        } else {
          push({0, false, 0});
        }
        break;
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
      env.report<DiagKind::NestingTooDeep>(env.span(t),
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

static size_t matching(const std::vector<Lexeme>& v, size_t open) {
  int depth = 0;
  for (size_t k = open; k < v.size(); ++k) {
    size_t t = v[k].type;
    if (t == P::LPAREN || t == P::LBRACK || t == P::LBRACE) ++depth;
    if (t == P::RPAREN || t == P::RBRACK || t == P::RBRACE) {
      if (--depth == 0) return k;
    }
  }
  return v.size();
}

// Where BODY_RESULT goes in `fn f(...) { let ... let ...  result }` (see fnBody in
// grammar/Tco.g4): token indexes, in order.
static std::vector<size_t> body_results(const std::vector<Lexeme>& v) {
  std::vector<size_t> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i].type != P::FN) continue;
    size_t j = i + 1;
    while (j < v.size() && j < i + 3 && v[j].type != P::LPAREN) ++j;
    if (j >= v.size() || v[j].type != P::LPAREN) continue;
    j = matching(v, j) + 1;
    // the return type (a product) has no brackets: the body is the next `{` or `=`
    while (j < v.size() && v[j].type != P::LBRACE && v[j].type != P::ASSIGN &&
           !is_keyword(v[j].type) && !is_eof(v[j]))
      ++j;
    if (j >= v.size() || v[j].type != P::LBRACE) continue;
    size_t open = j, close = matching(v, open);
    size_t last_let = 0;
    int depth = 0;
    for (size_t k = open + 1; k < close; ++k) {
      size_t t = v[k].type;
      if (depth == 0 && t == P::LET) last_let = k;
      if (t == P::LPAREN || t == P::LBRACK || t == P::LBRACE) ++depth;
      if (t == P::RPAREN || t == P::RBRACK || t == P::RBRACE) --depth;
    }
    if (last_let != 0) {
      depth = 0;
      // Bounded searches of the last `let` still waiting for their `where`: until it comes,
      // a line starting with `in`, `step`, `geometric` or `where` continues the search.
      size_t open_searches = 0;
      for (size_t k = last_let + 1; k < close; ++k) {
        const Lexeme& t = v[k];
        const Lexeme& prev = v[k - 1];
        size_t ty = t.type;
        const bool continues_search = open_searches > 0 && (ty == P::IN || ty == P::STEP || ty == P::GEOMETRIC ||
                                                            ty == P::WHERE || ty == P::DOTDOT);
        if ((ty == P::LARGEST || ty == P::SMALLEST) && k + 2 < close && v[k + 2].type == P::IN) ++open_searches;
        if (ty == P::WHERE && open_searches > 0) --open_searches;
        if (depth == 0 && prev.line < t.line && can_end_expr(prev.type) && !continues_search) {
          size_t pt = prev.type;
          bool call = (pt == P::IDENT || pt == P::MIN || pt == P::MAX || is_soft_ident(pt)) &&
                      v[k - 2].type != P::DOT;
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
static void mark_literal_units(std::vector<Lexeme>& v) {
  auto type = [&](size_t k) -> size_t { return k < v.size() && !is_eof(v[k]) ? v[k].type : Token::EOF; };
  auto same_line = [&](size_t k) { return k < v.size() && v[k].line == v[k - 1].line; };
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
        v[k].type = P::UCARET;
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
        v[k].type = P::USLASH;
        k = factor(k + 1);
      } else {
        break;
      }
    }
    i = k - 1;
  }
}

// The tokens the parser sees: the lexer's, with BODY_RESULT markers inserted and the `/`
// and `^` of literal units retyped.
void prepare_tokens(std::vector<Lexeme>& v) {
  std::vector<size_t> marks = body_results(v);
  if (!marks.empty()) {
    std::vector<Lexeme> out;
    out.reserve(v.size() + marks.size());
    size_t m = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      if (m < marks.size() && marks[m] == i) {
        Lexeme mark = v[i];
        mark.type = P::BODY_RESULT;
        mark.stop = mark.start - 1;  // empty, where the result starts
        out.push_back(mark);
        ++m;
      }
      out.push_back(v[i]);
    }
    v = std::move(out);
  }
  mark_literal_units(v);
}


}  // namespace tco::syntax::detail
