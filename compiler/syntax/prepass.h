// Private to compiler/syntax: what parse.cpp checks and settles on the token stream before
// ANTLR parses it (grammar/Tco.g4 explains why each is done outside the grammar):
//   check_bytes    NUL bytes (E0002), invalid UTF-8 (E0003), lone carriage returns
//   check_tokens   the lexer's error tokens: unterminated string or comment, bad number,
//                  stray character
//   check_nesting  how deeply ANTLR's recursive descent would recurse (E0007)
//   prepare_tokens where a function body's result starts (BODY_RESULT) and which `/` and
//                  `^` belong to a literal's unit (USLASH, UCARET)
// and the token classes those passes and the syntax-error messages share.
#pragma once
#include <vector>

#include "compiler/syntax/build.h"
#include "compiler/syntax/lexemes.h"

namespace tco::syntax::detail {

bool check_bytes(FileId file, const SourceManager& sm, Diagnostics& diags);
bool check_tokens(Env& env, const std::vector<Lexeme>& tokens);
bool check_nesting(Env& env, const std::vector<Lexeme>& tokens);
void prepare_tokens(std::vector<Lexeme>& tokens);

bool is_keyword(size_t type);
// Keywords that double as names (`ident` in the grammar).
bool is_soft_ident(size_t type);
bool can_end_expr(size_t type);
// Tokens that can start an expression but cannot continue one at the start of a line
// (unit factors must be on the number's line).
bool only_starts_expr(size_t type);
bool is_unit_atom(size_t type);

}  // namespace tco::syntax::detail
