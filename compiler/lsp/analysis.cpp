#include "compiler/lsp/analysis.h"

#include <filesystem>

namespace tco::lsp {

std::unique_ptr<Analysis> analyze(const std::string& path, const sema::Overlay& buffers, const sema::SearchPaths& paths) {
  pipeline::Options o;
  o.overlay = &buffers;
  o.index_names = true;
  o.contain_internal_errors = true;
  return pipeline::compile(path, paths, o);
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
