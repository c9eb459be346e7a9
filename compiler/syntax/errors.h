// Private to compiler/syntax: syntax errors in tcoc's words. The parse stops at the first
// error (later ones are usually its echoes); the message names what was expected and what
// was found, with a hint for the slips people make (`=` for `==`, a keyword as a name, a
// unit on the next line, `->` in the middle of an expression ...).
#pragma once
#include <antlr4-runtime.h>

#include "compiler/syntax/build.h"

namespace tco::syntax::detail {

// A token as a message names it: "end of file", "a string", or its text in backticks,
// shortened past 24 characters.
std::string describe_token(antlr4::Token* t);

// Thrown to stop ANTLR at the first error (not a RecognitionException, so the generated
// rules do not catch it).
struct Bail {};

// Reports the first error through the Env, then throws Bail.
class Strategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit Strategy(Env& env) : env_(env) {}
  void reportError(antlr4::Parser* p, const antlr4::RecognitionException& e) override;
  void recover(antlr4::Parser* p, std::exception_ptr e) override;
  antlr4::Token* recoverInline(antlr4::Parser* p) override;

 protected:
  void reportUnwantedToken(antlr4::Parser* p) override;
  void reportMissingToken(antlr4::Parser* p) override;

 private:
  Env& env_;
};

// Anything ANTLR reports through listeners that the strategy did not see first.
class Listener : public antlr4::BaseErrorListener {
 public:
  explicit Listener(Env& env) : env_(env) {}
  void syntaxError(antlr4::Recognizer* r, antlr4::Token* bad, size_t line, size_t col, const std::string& msg,
                   std::exception_ptr e) override;

 private:
  Env& env_;
};

}  // namespace tco::syntax::detail
