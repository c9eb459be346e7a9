// Private to compiler/syntax: a file's tokens kept compact (20 bytes each instead of
// ANTLR's ~140-byte CommonToken), and an ANTLR TokenSource that hands a range of them to
// the parser as real tokens. A 10 MB plan has three million tokens: kept as CommonTokens,
// twice (the lexer's and the parser's copy), they alone outweighed the whole compiler.
#pragma once
#include <antlr4-runtime.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tco::syntax::detail {

struct Lexeme {
  uint32_t start = 0, stop = 0;  // code point indexes, inclusive (ANTLR's convention)
  uint32_t line = 0, col = 0;    // 1-based line; column in code points
  uint32_t type = 0;             // the parser's token type; kEofType at the end
};

// ANTLR's EOF (size_t(-1)) as a lexeme's type.
constexpr uint32_t kEofType = 0xFFFFFFFFu;
inline bool is_eof(const Lexeme& l) { return l.type == kEofType; }

// Every token of `text` (valid UTF-8), the EOF token last: what grammar/Tco.g4's lexer rules
// make of it, skipped tokens left out, error tokens kept (lexer.cpp).
std::vector<Lexeme> lex(std::string_view text);

// The same from ANTLR's generated lexer, the reference lex() is tested against.
std::vector<Lexeme> lex_all(antlr4::Lexer& lexer);

class Env;

// The source text as ANTLR's CharStream, for tokens' getText(): text by code point interval,
// straight from the UTF-8 bytes (ANTLR's own input stream holds a UTF-32 copy, four bytes a
// character). Nothing lexes from it.
class SourceStream : public antlr4::CharStream {
 public:
  SourceStream(const Env& env, std::string name) : env_(env), name_(std::move(name)) {}
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string toString() const override;
  void consume() override {}
  size_t LA(ssize_t) override { return antlr4::IntStream::EOF; }
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return 0; }
  void seek(size_t) override {}
  size_t size() override;
  std::string getSourceName() const override { return name_; }

 private:
  const Env& env_;
  std::string name_;
};

// Lexemes [begin, end) as CommonTokens reading their text from `input`, then EOF placed at
// lexemes[end] (the next token, or the real end of file), as if the rest of the file
// followed: a parser's one-token lookahead past the range sees the right line.
class LexemeSource : public antlr4::TokenSource {
 public:
  LexemeSource(const std::vector<Lexeme>& lexemes, size_t begin, size_t end, antlr4::CharStream* input)
      : lexemes_(lexemes), at_(begin), end_(end), input_(input) {}

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override;
  size_t getCharPositionInLine() override;
  antlr4::CharStream* getInputStream() override { return input_; }
  std::string getSourceName() override { return input_->getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

 private:
  const std::vector<Lexeme>& lexemes_;
  size_t at_, end_;
  antlr4::CharStream* input_;
};

}  // namespace tco::syntax::detail
