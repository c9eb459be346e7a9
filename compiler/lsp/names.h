// The name index (sema/index.h) as the editor features read it: which recorded uses share a
// declaration, whether a use's span is the name as written, where a name is declared. One
// place for what references, rename and semantic tokens all ask.
#pragma once
#include <string>
#include <vector>

#include "compiler/lsp/analysis.h"

namespace tco::lsp {

// The uses that share the declaration of the name at `offset`, declaration included, each
// span once; empty for a builtin or a position on no name.
std::vector<const sema::NameUse*> same_declaration(const Analysis& a, uint32_t offset);

// The uses of the declaration `decl` names (a NameUse's `decl`), each span once.
std::vector<const sema::NameUse*> uses_of(const Analysis& a, Span decl);

// True when the source at `u.at` is exactly `u.name`: an edit or a token may stand on it.
// Some declarations are recorded at a wider span (a bound study's head).
bool written_as_name(const Analysis& a, const sema::NameUse& u);

// The URI the editor knows `file` by: `document_uri` for the document itself (an untitled
// buffer's `untitled:Untitled-1` has no file behind it), a file:// URI for the files it loads.
std::string uri_of(const Analysis& a, FileId file, const std::string& document_uri);

// Where each top-level item of a module begins (a bound study at its `let`), sorted; and
// which item an offset is in (0 before the first). A local, parameter or axis is in scope
// in its item only: completion offers it there, rename looks for clashes there.
std::vector<uint32_t> item_starts(const ast::Module& m);
size_t item_of(const std::vector<uint32_t>& starts, uint32_t offset);

// True when `file` lies in the folder `dir` or below it (symbolic links resolved): the
// stdlib's files are those under the search paths' `stdlib_dir`.
bool in_folder(const Analysis& a, FileId file, const std::string& dir);

}  // namespace tco::lsp
