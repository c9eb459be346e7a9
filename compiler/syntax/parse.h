// syntax/: owns the ANTLR parse tree (never seen outside this folder) and turns it
// into the AST of ast.h, reporting lexical and syntax errors as diagnostics.
#pragma once
#include <memory>
#include <string>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/syntax/ast.h"

namespace tco::syntax {

// Maximum nesting of brackets and prefix operators; deeper input is rejected before
// ANTLR's recursive descent could exhaust the stack.
constexpr int kMaxNesting = 256;
// Maximum depth of an expression tree (a chain `a + b + ...` counts one level per operator),
// so that the recursive stages after parsing stay far from the stack's end, even under ASan.
constexpr size_t kMaxExprDepth = 10000;

// Reports NestingTooDeep (E0007) for the first expression deeper than kMaxExprDepth.
bool check_expression_depth(const ast::Module& m, Diagnostics& diags);

// Parses one file already added to the SourceManager. Checks the bytes first (NUL bytes:
// E0002 NotText; invalid UTF-8: E0003). On any syntax error returns nullptr after
// reporting (the first error per file; later ones are usually cascades). On success also
// records the file's tokens with their canonical spacing in `sm` (SourceFile::tokens).
std::unique_ptr<ast::Module> parse(FileId file, SourceManager& sm, Diagnostics& diags);

// For the tests and fuzzers: "" when tcoc's lexer (lexer.cpp) and ANTLR's generated one,
// its reference, make the same tokens of `text`, else the first difference. Text parse()
// refuses before lexing (NUL bytes, invalid UTF-8, a lone CR) gives "".
std::string compare_lexers(const std::string& text);

// For the tests and fuzzers: "" when parsing `text` in parts of about `part_tokens` tokens
// (parse() uses 4,096; 1 cuts at every item that surely starts one) gives the same AST, the
// same token layout and the same diagnostics as the reference parse of the whole file, else
// the first difference.
std::string compare_parse_paths(const std::string& text, size_t part_tokens);

// `--emit=ast`: an indented, deterministic dump of the module.
std::string print_ast(const ast::Module& m, const SourceManager& sm);

// Source text of a span as one line: its tokens joined with canonical spacing (as `tcoc
// fmt` lays them out), comments dropped; so `show a+b` and `show a + b` name their column
// alike. Files that never parsed fall back to collapsing whitespace runs to one space.
std::string span_text(const SourceManager& sm, Span s);

}  // namespace tco::syntax
