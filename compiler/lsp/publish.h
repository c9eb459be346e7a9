// The compiler's diagnostics as LSP `Diagnostic`s of one open document.
#pragma once
#include <nlohmann/json.hpp>

#include "compiler/lsp/analysis.h"

namespace tco::lsp {

// Diagnostics located in the document keep their span (UTF-16 columns). Those located in an
// imported file are shown on the document's `import` line that brings that module in (the
// first import when it comes in indirectly), naming the file, line and column, with a
// related location there; the document's own positions never carry another file's offsets.
// Hints and notes are appended to the message; labels become related information.
nlohmann::json lsp_diagnostics(const Analysis& a, const std::string& text);

}  // namespace tco::lsp
