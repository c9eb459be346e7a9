#include "compiler/lsp/analysis.h"

#include <filesystem>

#include "compiler/runner/constants.h"

namespace tco::lsp {

std::unique_ptr<Analysis> analyze(const std::string& path, const sema::Overlay& buffers, const sema::SearchPaths& paths) {
  pipeline::Options o;
  o.overlay = &buffers;
  o.index_names = true;
  o.contain_internal_errors = true;
  auto a = pipeline::compile(path, paths, o);
  // What the plan's constants already say: a failing assert (W0305), a NaN figure (W0301).
  if (a->lowered) {
    try {
      runner::check_constants(a->ir, a->diags);
    } catch (const std::exception& e) {
      a->internal_error = e.what();
    }
  }
  return a;
}

std::vector<std::string> read_paths(const Analysis& a) {
  std::vector<std::string> out;
  for (FileId f = 1; f < a.sources.size(); ++f) {
    std::error_code ec;
    out.push_back(std::filesystem::weakly_canonical(a.sources.file(f).path, ec).string());
  }
  return out;
}

}  // namespace tco::lsp
