#include "compiler/sema/stdlib_index.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/sema/stdlib_names.h"
#include "compiler/syntax/parse.h"

namespace tco::sema {
namespace {

using Index = std::map<std::string, std::string>;  // name -> module

Index build(const std::string& dir) {
  namespace fs = std::filesystem;
  Index index;
  std::error_code ec;
  std::map<std::string, fs::path> files;  // by stem: the same answer whatever order the folder lists
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".tco" && e.path().stem() != stdlib_names::kPrelude) files[e.path().stem()] = e.path();
  for (const auto& [stem, path] : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    SourceManager sm;
    Diagnostics diags(sm);
    auto m = syntax::parse(sm.add(path.string(), text.str()), sm, diags);
    if (!m) continue;
    auto add = [&](const std::string& name) { index.emplace(name, stem); };
    for (const auto& d : m->lets) add(d.name);
    for (const auto& d : m->fns) add(d.name);
    for (const auto& d : m->types) add(d.name);
  }
  return index;
}

}  // namespace

std::string stdlib_module_declaring(const std::string& stdlib_dir, const std::string& name) {
  if (stdlib_dir.empty()) return "";
  // The language server asks from one thread, the unit tests from several.
  static std::mutex mu;
  static std::map<std::string, Index> by_dir;
  std::lock_guard<std::mutex> lock(mu);
  auto it = by_dir.find(stdlib_dir);
  if (it == by_dir.end()) it = by_dir.emplace(stdlib_dir, build(stdlib_dir)).first;
  auto found = it->second.find(name);
  return found == it->second.end() ? "" : found->second;
}

}  // namespace tco::sema
