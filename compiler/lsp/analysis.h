// One compilation of an open document: the pipeline `tcoc run` runs before running (load,
// check, lower; no engine), with the editor's buffers standing in for files and the name
// index kept. Hover, definition and completion read its program and name index.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/pipeline/compile.h"

namespace tco::lsp {

using Analysis = pipeline::Compilation;

// Compiles the document at `path` (its text in `buffers` with every other open document).
// A compiler bug is kept in `internal_error`, with what was reported before it.
std::unique_ptr<Analysis> analyze(const std::string& path, const sema::Overlay& buffers, const sema::SearchPaths& paths);

// The canonical paths of every file the analysis read, parsed or not: fixing a broken import
// must re-analyse its importers.
std::vector<std::string> read_paths(const Analysis& a);

}  // namespace tco::lsp
