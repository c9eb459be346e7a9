// One compilation of an open document, as `tcoc run` compiles a plan before running it
// (load, check, lower; no engine), with the editor's buffers standing in for files. Hover,
// definition and completion read its program and name index.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/sema/load.h"
#include "compiler/sema/program.h"

namespace tco::lsp {

struct Analysis {
  SourceManager sources;
  Diagnostics diags{sources};
  sema::Program program{sources};
  std::string path;       // the document's path
  FileId file = 0;        // the document in `sources`; 0 when it could not be read
  bool parsed = false;    // the document and every import parsed
  bool checked = false;   // ... and checked without errors, so constants can be folded
  std::vector<std::string> module_paths;  // canonical paths of every file read
};

// Compiles the document at `path` (its text in `buffers` with every other open document).
std::unique_ptr<Analysis> analyze(const std::string& path, const sema::Overlay& buffers, const sema::SearchPaths& paths);

}  // namespace tco::lsp
