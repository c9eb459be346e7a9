// Private to compiler/syntax: the parse tree -> AST builder and what parse.cpp shares
// with it. This header includes ANTLR's generated parser; never include it elsewhere.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "TcoParser.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/lexemes.h"

namespace tco::syntax::detail {

// One file being parsed: byte spans for tokens and the "first error only" rule.
class Env {
 public:
  Env(FileId file, const std::string& text, Diagnostics& diags);

  FileId file() const { return file_; }
  const std::string& text() const { return text_; }
  void set_tokens(antlr4::BufferedTokenStream* t) { tokens_ = t; }
  antlr4::BufferedTokenStream& tokens() const { return *tokens_; }

  // ANTLR indexes characters by code point; spans are byte offsets.
  uint32_t byte(size_t code_point) const;
  size_t code_points() const { return offsets_.empty() ? text_.size() : offsets_.size() - 1; }
  Span span(antlr4::Token* t) const;  // EOF: the last character of the last token
  Span span(antlr4::tree::TerminalNode* n) const { return span(n->getSymbol()); }
  Span span(antlr4::ParserRuleContext* c) const;
  Span span(const Lexeme& l) const { return Span{file_, byte(l.start), byte(l.stop + 1)}; }
  std::string text(const Lexeme& l) const {
    Span s = span(l);
    return text_.substr(s.begin, s.end - s.begin);
  }
  Span eof_span() const;
  // The default-channel token before `t` (nullptr at the start).
  antlr4::Token* previous(antlr4::Token* t) const;

  bool failed() const { return failed_; }
  // Reports go to `d` from now on: the quick parse (parse.cpp) holds its builder's reports
  // back until the whole file is known to parse.
  void report_to(Diagnostics& d) { diags_ = &d; }
  // Forgets that an error was reported, for a second parse of the same file.
  void restart() { failed_ = false; }
  // Reports unless an error was already reported for this file; returns whether it did.
  template <DiagKind K, class... Args>
  bool report(Span at, std::string hint, Args&&... args) {
    bool first = !failed_;
    failed_ = true;
    if (!first) return false;
    auto b = diags_->report<K>(at, std::forward<Args>(args)...);
    if (!hint.empty()) b.hint(std::move(hint));
    return true;
  }
  void syntax_error(Span at, std::string message, std::string hint = "") {
    report<DiagKind::SyntaxError>(at, std::move(hint), std::move(message));
  }
  // Same, with a secondary label (e.g. the bracket that is never closed).
  void syntax_error(Span at, std::string message, Span label_at, std::string label) {
    if (failed_) return;
    failed_ = true;
    diags_->report<DiagKind::SyntaxError>(at, std::move(message)).label(label_at, std::move(label));
  }

 private:
  FileId file_;
  const std::string& text_;
  std::vector<uint32_t> offsets_;  // code point -> byte; empty when the text is ASCII
  antlr4::BufferedTokenStream* tokens_ = nullptr;
  Diagnostics* diags_;
  bool failed_ = false;
};

// Builds the module's items into `m`; false if the builder reported an error (e.g. two
// reductions in one study, a malformed number).
bool build_items(tco_gen::TcoParser::ModuleContext* tree, Env& env, ast::Module& m);

// Appends every token's canonical spacing and whether it is infix (layout.cpp) to `out`;
// the tokens follow those already there (a file may be laid out part by part).
void token_layout(tco_gen::TcoParser::ModuleContext* tree, antlr4::BufferedTokenStream& tokens, const Env& env,
                  std::vector<SourceToken>& out);

}  // namespace tco::syntax::detail
