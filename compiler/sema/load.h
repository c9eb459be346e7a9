// Loading a plan and its imports: the prelude first, then `import name` looked up in the
// stdlib shipped with tcoc, then beside the importing file, then in each TCO_PATH entry.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/program.h"

namespace tco::sema {

struct SearchPaths {
  std::string stdlib_dir;             // holds prelude.tco
  std::vector<std::string> tco_path;  // from TCO_PATH
  static SearchPaths from_environment();
};

// Reads a plan file into the SourceManager; reports unreadable files, directories and
// files too large to be plans. Returns the FileId, or nothing after reporting.
std::optional<FileId> read_source(const std::string& path, SourceManager& sm, Diagnostics& diags, Span from = {});

// Texts that stand in for files, by path: an editor's buffers, which may be unsaved or not
// on disk at all. A path here is found and read as if it were a file with that text.
using Overlay = std::map<std::string, std::string>;

// Parses the plan and every module it imports (transitively), in dependency order.
// Returns false when a file could not be read or parsed or an import failed.
bool load_program(const std::string& plan_path, const SearchPaths& paths, Program& prog, Diagnostics& diags,
                  const Overlay* overlay = nullptr);

}  // namespace tco::sema
