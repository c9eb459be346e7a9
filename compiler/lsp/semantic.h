// Semantic tokens (LSP 3.17 `textDocument/semanticTokens/full`): what kind of thing each
// name of a document is, from the name index, so that `1 tok / tpot` colours `tok` as a unit
// and `tpot` as a value, which a TextMate grammar cannot tell apart.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/lsp/analysis.h"
#include "compiler/lsp/position.h"

namespace tco::lsp {

struct SemanticToken {
  Position start;
  uint32_t length = 0;     // UTF-16 code units, on start's line
  uint32_t type = 0;       // index into the legend's tokenTypes
  uint32_t modifiers = 0;  // bits of the legend's tokenModifiers
};

// The `legend` the server advertises: token types and modifiers, in the order the encoded
// numbers refer to.
nlohmann::json semantic_tokens_legend();

// The LSP's relative encoding: five numbers a token (line delta, start delta on the same
// line or from the line's start, length, type, modifiers), in position order. A token that
// starts inside the one before it is dropped (LSP tokens may not overlap).
std::vector<uint32_t> encode_semantic_tokens(std::vector<SemanticToken> tokens);

// `{data}` for the document's own names; the stdlib's (under `stdlib_dir`) and builtins
// are marked defaultLibrary.
nlohmann::json semantic_tokens(const Analysis& a, const std::string& stdlib_dir);

}  // namespace tco::lsp
