// Documentation of a declaration, as analysts write it (shown by hover, `tcoc explain` and
// `tcoc doc`): the `//` lines right above it (no
// blank line between) and a `//` comment ending its own line.
#pragma once
#include <string>

#include "compiler/diagnostics/source.h"

namespace tco::syntax {

std::string doc_comment(const SourceManager& sm, Span decl);

// The comment ending the declaration's own line (`fp8: Compute/Time = 0 FLOPS  // dense FP8
// peak`), or "".
std::string line_comment(const SourceManager& sm, Span decl);

// The first paragraph of a module's opening comment.
std::string file_comment(const SourceFile& f);

}  // namespace tco::syntax
