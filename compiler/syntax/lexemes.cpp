#include "compiler/syntax/lexemes.h"

#include "compiler/syntax/build.h"

namespace tco::syntax::detail {

std::vector<Lexeme> lex_all(antlr4::Lexer& lexer) {
  std::vector<Lexeme> out;
  for (;;) {
    std::unique_ptr<antlr4::Token> t = lexer.nextToken();
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    Lexeme l;
    l.start = static_cast<uint32_t>(t->getStartIndex());
    l.stop = static_cast<uint32_t>(t->getStopIndex());
    l.line = static_cast<uint32_t>(t->getLine());
    l.col = static_cast<uint32_t>(t->getCharPositionInLine());
    bool eof = t->getType() == antlr4::Token::EOF;
    l.type = eof ? kEofType : static_cast<uint32_t>(t->getType());
    out.push_back(l);
    if (eof) return out;
  }
}

std::unique_ptr<antlr4::Token> LexemeSource::nextToken() {
  const bool eof = at_ >= end_ || is_eof(lexemes_[at_]);
  const Lexeme& l = lexemes_[at_ < end_ ? at_ : end_];
  if (!eof) ++at_;
  size_t type = eof ? antlr4::Token::EOF : l.type;
  // EOF spans nothing, where the next token starts (ANTLR's lexer does the same at the end).
  size_t stop = eof ? static_cast<size_t>(l.start) - 1 : l.stop;
  auto t = std::make_unique<antlr4::CommonToken>(std::make_pair(static_cast<antlr4::TokenSource*>(this), input_), type,
                                                 antlr4::Token::DEFAULT_CHANNEL, l.start, stop);
  t->setLine(l.line);
  t->setCharPositionInLine(l.col);
  return t;
}

std::string SourceStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a) return "";
  uint32_t from = env_.byte(static_cast<size_t>(interval.a)), to = env_.byte(static_cast<size_t>(interval.b) + 1);
  return env_.text().substr(from, to - from);
}

std::string SourceStream::toString() const { return env_.text(); }

size_t SourceStream::size() { return env_.code_points(); }

size_t LexemeSource::getLine() const { return lexemes_[at_ < end_ ? at_ : end_].line; }

size_t LexemeSource::getCharPositionInLine() { return lexemes_[at_ < end_ ? at_ : end_].col; }

}  // namespace tco::syntax::detail
