// Compiling a document with the editor's buffers: load, check, lower, and what editors need kept.
#include "compiler/lsp/analysis.h"

#include <filesystem>

#include "compiler/ir/lower.h"
#include "compiler/sema/check.h"

namespace tco::lsp {

std::unique_ptr<Analysis> analyze(const std::string& path, const sema::Overlay& buffers, const sema::SearchPaths& paths) {
  auto a = std::make_unique<Analysis>();
  a->path = path;
  a->program.index_names = true;
  try {
    a->parsed = sema::load_program(path, paths, a->program, a->diags, &buffers);
    if (a->parsed) {
      a->checked = sema::check_program(a->program, a->diags);
      // Lowering reports what needs values (an empty range, a bad sample count): `tcoc run`
      // would stop on those before running, so the editor shows them too.
      ir::Program lowered;
      if (a->checked) ir::lower_program(a->program, a->diags, lowered);
    }
  } catch (const std::exception&) {
    // An internal error must not take the editor's server down with it; the document keeps
    // whatever diagnostics were reported, and no constants are folded.
    a->checked = false;
  }
  for (FileId f = 1; f < a->sources.size(); ++f)
    if (a->sources.file(f).path == path) {
      a->file = f;
      break;
    }
  // Every file read, parsed or not: fixing a broken import must re-analyse its importers.
  for (FileId f = 1; f < a->sources.size(); ++f) {
    std::error_code ec;
    a->module_paths.push_back(std::filesystem::weakly_canonical(a->sources.file(f).path, ec).string());
  }
  return a;
}

}  // namespace tco::lsp
