// The lexer the parser is fed by: grammar/Tco.g4's lexer rules, by hand. ANTLR's generated
// lexer (C++ runtime 4.9) spends ~2,000 instructions a token (a locked hash lookup per
// character, an action object per skipped space); this one a few dozen, which is what makes
// `tcoc check` of a 7 MB plan as quick as a C compiler's front end. The generated lexer
// stays the reference: tests/unit/test_lexer.cpp and both fuzz targets check that the two
// produce the same tokens, positions and errors on every input (compare_lexers()).
//
// ANTLR's rules, all of which this follows: the longest match wins, a tie goes to the rule
// written first (so `let` is LET, `let_x` IDENT; `1_` is BAD_NUMBER, `1` NUMBER); positions
// count code points, a leading byte order mark excluded; a line ends at `\n` only.
#include "TcoLexer.h"
#include "compiler/syntax/lexemes.h"

#include <string_view>

namespace tco::syntax::detail {
namespace {

using L = tco_gen::TcoLexer;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident(char c) { return is_ident_start(c) || is_digit(c); }

// The keyword rules (a keyword beats IDENT on a tie), looked up by length and first letter
// since every name of a plan passes through here.
uint32_t keyword(std::string_view w) {
  struct Keyword {
    std::string_view word;
    uint32_t type;
  };
  static const Keyword kKeywords[] = {
#define KEYWORD(token, word, group) {word, L::token},
#include "compiler/syntax/keywords.def"
#undef KEYWORD
  };
  // Every keyword is 2 to 9 lower-case letters.
  if (w.size() < 2 || w.size() > 9 || w[0] < 'a' || w[0] > 'z') return L::IDENT;
  for (const Keyword& k : kKeywords)
    if (k.word.size() == w.size() && k.word[0] == w[0] && k.word == w) return k.type;
  return L::IDENT;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") b_ = 3;  // ANTLR's input stream drops a leading BOM
  }

  std::vector<Lexeme> run() {
    std::vector<Lexeme> out;
    out.reserve(s_.size() / 4);
    while (b_ < s_.size()) {
      Lexeme l;
      l.start = cp_;
      l.line = line_;
      l.col = col_;
      uint32_t type = next();
      if (type == kSkipped) continue;
      l.stop = cp_ - 1;
      l.type = type;
      out.push_back(l);
    }
    Lexeme eof;
    eof.start = cp_;
    eof.stop = cp_ - 1;
    eof.line = line_;
    eof.col = col_;
    eof.type = kEofType;
    out.push_back(eof);
    return out;
  }

 private:
  static constexpr uint32_t kSkipped = 0;  // no token type is 0

  char at(size_t b) const { return b < s_.size() ? s_[b] : '\0'; }
  bool more(size_t b) const { return b < s_.size(); }

  // Bytes of the code point at b (the text is valid UTF-8: parse.cpp checked it).
  size_t width(size_t b) const {
    auto c = static_cast<unsigned char>(s_[b]);
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  // Moves over the code points up to byte `to`, counting lines and columns.
  void advance_to(size_t to) {
    while (b_ < to) {
      if (s_[b_] == '\n') {
        ++line_;
        col_ = 0;
      } else {
        ++col_;
      }
      b_ += width(b_);
      ++cp_;
    }
  }
  // ASCII-only runs: no line breaks, one code point a byte.
  void advance_ascii(size_t n) {
    b_ += n;
    cp_ += static_cast<uint32_t>(n);
    col_ += static_cast<uint32_t>(n);
  }

  bool is_space(size_t b) const {
    char c = s_[b];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') return true;
    return s_.substr(b, 3) == "\xEF\xBB\xBF";  // U+FEFF
  }

  // DIGITS : [0-9] ('_'? [0-9])*  -- bytes matched from b (0 if none).
  size_t digits(size_t b) const {
    if (!is_digit(at(b))) return 0;
    size_t e = b + 1;
    for (;;) {
      if (is_digit(at(e))) ++e;
      else if (at(e) == '_' && is_digit(at(e + 1))) e += 2;
      else return e - b;
    }
  }
  // [0-9_]+ from b.
  size_t digits_or_underscores(size_t b) const {
    size_t e = b;
    while (is_digit(at(e)) || at(e) == '_') ++e;
    return e - b;
  }
  // NUMBER : DIGITS ('.' DIGITS)? ([eE] [+-]? DIGITS)?
  size_t number(size_t b) const {
    size_t e = b + digits(b);
    if (at(e) == '.') {
      if (size_t d = digits(e + 1)) e += 1 + d;
    }
    if (at(e) == 'e' || at(e) == 'E') {
      size_t x = e + 1;
      if (at(x) == '+' || at(x) == '-') ++x;
      if (size_t d = digits(x)) e = x + d;
    }
    return e - b;
  }
  // BAD_NUMBER : [0-9] [0-9_]* ('.' [0-9_]+)? ([eE] [+-]? [0-9_]+)?
  size_t bad_number(size_t b) const {
    size_t e = b + 1 + digits_or_underscores(b + 1);
    if (at(e) == '.') {
      if (size_t d = digits_or_underscores(e + 1)) e += 1 + d;
    }
    if (at(e) == 'e' || at(e) == 'E') {
      size_t x = e + 1;
      if (at(x) == '+' || at(x) == '-') ++x;
      if (size_t d = digits_or_underscores(x)) e = x + d;
    }
    return e - b;
  }

  uint32_t next() {
    const char c = s_[b_];
    if (is_space(b_)) {
      size_t e = b_;
      while (more(e) && is_space(e)) e += width(e);
      advance_to(e);
      return kSkipped;
    }
    if (is_ident_start(c)) {
      size_t e = b_ + 1;
      while (is_ident(at(e))) ++e;
      uint32_t type = keyword(s_.substr(b_, e - b_));
      advance_ascii(e - b_);
      return type;
    }
    if (is_digit(c)) {
      size_t good = number(b_), bad = bad_number(b_);
      advance_ascii(bad > good ? bad : good);
      return bad > good ? L::BAD_NUMBER : L::NUMBER;
    }
    if (c == '"') return string();
    if (c == '/' && at(b_ + 1) == '/') {
      size_t e = b_ + 2;
      while (more(e) && s_[e] != '\r' && s_[e] != '\n') ++e;
      advance_to(e);
      return kSkipped;
    }
    if (c == '/' && at(b_ + 1) == '*') {
      size_t close = s_.find("*/", b_ + 2);
      if (close == std::string_view::npos) {  // UNTERMINATED_COMMENT: the rest of the file
        advance_to(s_.size());
        return L::UNTERMINATED_COMMENT;
      }
      advance_to(close + 2);
      return kSkipped;
    }
    if (uint32_t type = two_char(c, at(b_ + 1))) {
      advance_ascii(2);
      return type;
    }
    if (uint32_t type = one_char(c)) {
      advance_ascii(1);
      return type;
    }
    advance_to(b_ + width(b_));  // ERROR_CHAR : . ;
    return L::ERROR_CHAR;
  }

  // STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ; or, unclosed on its line,
  // UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;
  uint32_t string() {
    size_t e = b_ + 1;
    for (;;) {
      if (!more(e) || s_[e] == '\r' || s_[e] == '\n') {
        advance_to(e);
        return L::UNTERMINATED_STRING;
      }
      if (s_[e] == '"') {
        advance_to(e + 1);
        return L::STRING;
      }
      if (s_[e] == '\\') {
        if (!more(e + 1) || s_[e + 1] == '\r' || s_[e + 1] == '\n') {  // the optional '\\' at the end
          advance_to(e + 1);
          return L::UNTERMINATED_STRING;
        }
        e += 1 + width(e + 1);
        continue;
      }
      e += width(e);
    }
  }

  static uint32_t two_char(char a, char b) {
    switch (a) {
      case '&': return b == '&' ? L::AMPAMP : 0;
      case '|': return b == '|' ? L::PIPEPIPE : 0;
      case '-': return b == '>' ? L::ARROW : 0;
      case '.': return b == '.' ? L::DOTDOT : 0;
      case '=': return b == '=' ? L::EQ : 0;
      case '!': return b == '=' ? L::NE : 0;
      case '<': return b == '=' ? L::LE : 0;
      case '>': return b == '=' ? L::GE : 0;
      default: return 0;
    }
  }

  static uint32_t one_char(char c) {
    switch (c) {
      case '<': return L::LT;
      case '>': return L::GT;
      case '=': return L::ASSIGN;
      case '!': return L::BANG;
      case '+': return L::PLUS;
      case '-': return L::MINUS;
      case '*': return L::STAR;
      case '/': return L::SLASH;
      case '^': return L::CARET;
      case '(': return L::LPAREN;
      case ')': return L::RPAREN;
      case '[': return L::LBRACK;
      case ']': return L::RBRACK;
      case '{': return L::LBRACE;
      case '}': return L::RBRACE;
      case ',': return L::COMMA;
      case ':': return L::COLON;
      case '.': return L::DOT;
      case '@': return L::AT;
      case '$': return L::DOLLAR;
      case '%': return L::PERCENT;
      default: return 0;
    }
  }

  std::string_view s_;
  size_t b_ = 0;             // byte offset
  uint32_t cp_ = 0;          // code point index (ANTLR's token indexes)
  uint32_t line_ = 1, col_ = 0;
};

}  // namespace

std::vector<Lexeme> lex(std::string_view text) { return Scanner(text).run(); }

}  // namespace tco::syntax::detail
