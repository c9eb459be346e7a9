// Documentation of a declaration, as analysts write it: the `//` lines right above it (no
// blank line between) and a `//` comment ending its own line.
#pragma once
#include <string>

#include "compiler/diagnostics/source.h"

namespace tco::lsp {

std::string doc_comment(const SourceManager& sm, Span decl);

// The first paragraph of a module's opening comment.
std::string file_comment(const SourceFile& f);

}  // namespace tco::lsp
