// The position requests: hover, go-to-definition and completion, answered from an analysis
// of the document and its name index (sema/index.h). Each returns the LSP result, `null`
// when there is nothing to say.
#pragma once
#include <nlohmann/json.hpp>

#include "compiler/lsp/analysis.h"

namespace tco::lsp {

nlohmann::json hover(const Analysis& a, uint32_t offset);
// `uri` is the document's, which names its own file in the answers (an untitled buffer's).
nlohmann::json definition(const Analysis& a, uint32_t offset, const std::string& uri);
// `a` may describe an older text than `text` (the last version that parsed): completion is
// asked for mostly while a line is half written. Nothing is stale about the names it lists,
// only about where locals were declared. `a` may be null: keywords only.
nlohmann::json completion(const Analysis* a, const std::string& text, uint32_t offset);
// Inside a call's parentheses: the function's signature and the parameter being written
// (signature.cpp). Read off `text` as typed, with names from `a` (possibly older; may be null).
nlohmann::json signature_help(const Analysis* a, const std::string& text, uint32_t offset);
// Every use of the name at `offset` that points at its declaration: in all loaded files
// (references), or in the document, the declaration marked as written (highlight).
nlohmann::json references(const Analysis& a, uint32_t offset, bool include_declaration, const std::string& uri);
nlohmann::json highlights(const Analysis& a, uint32_t offset);
// The outline: types, lets, functions, reports and studies in source order (symbols.cpp).
nlohmann::json document_symbols(const Analysis& a);
// "▶ Run" on each report, sweep and simulation, calling the client's `command` with the
// file's path and the item's title (lens.cpp); none when `command` is empty. For a document
// saved to a file: the command runs the file.
nlohmann::json code_lenses(const Analysis& a, const std::string& command);
// The values of the document's constant top-level lets between two offsets (inlay.cpp).
nlohmann::json inlay_hints(const Analysis& a, uint32_t from, uint32_t to);

// The quick fixes of the document's diagnostics that touch [from, to], edits of `uri`; each
// names the diagnostics of `client_diagnostics` (the request's context) it resolves
// (codeaction.cpp).
nlohmann::json code_actions(const Analysis& a, const std::string& uri, uint32_t from, uint32_t to,
                            const nlohmann::json& client_diagnostics);

// Rename (rename.cpp): the result, or why the name at `offset` cannot be renamed (to
// `new_name`). Names declared under `stdlib_dir` are the library's and are never renamed.
struct RenameAnswer {
  enum class Refusal { None, BadName, Refused };
  Refusal refusal = Refusal::None;
  std::string why;
  nlohmann::json result;  // prepareRename: {range, placeholder}; rename: a WorkspaceEdit
};
RenameAnswer prepare_rename(const Analysis& a, uint32_t offset, const std::string& stdlib_dir);
RenameAnswer rename(const Analysis& a, uint32_t offset, const std::string& new_name, const std::string& stdlib_dir,
                    const std::string& uri);

}  // namespace tco::lsp
