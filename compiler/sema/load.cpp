#include "compiler/sema/load.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/sema/stdlib_names.h"
#include "compiler/syntax/parse.h"

namespace fs = std::filesystem;

namespace tco::sema {
namespace {

// Plans are small; a limit keeps a stray multi-gigabyte file from exhausting memory.
constexpr uintmax_t kMaxSourceBytes = 16u << 20;

std::string too_large(uintmax_t size) {
  return fmt::format("{} bytes is larger than the {} MiB a plan may have", size, kMaxSourceBytes >> 20);
}

class Loader {
 public:
  Loader(const SearchPaths& paths, Program& prog, Diagnostics& diags, const Overlay* overlay)
      : paths_(paths), prog_(prog), diags_(diags) {
    // Compared canonically, as the cycle check compares paths: `dir/../x.tco` is `x.tco`.
    if (overlay)
      for (const auto& [path, text] : *overlay) {
        std::error_code ec;
        overlay_[fs::weakly_canonical(path, ec).string()] = &text;
      }
  }

  // Loads `path` (already resolved) and its imports; returns its module index.
  std::optional<size_t> load(const fs::path& path, const std::string& name, Span from) {
    std::string key = fs::weakly_canonical(path).string();
    if (auto it = state_.find(key); it != state_.end()) {
      if (it->second.done) return it->second.index;
      std::string chain;
      for (const auto& n : stack_) chain += n + " -> ";
      diags_.report<DiagKind::ImportCycle>(from, chain + name)
          .hint("move what both modules need into a third module that both import");
      return std::nullopt;
    }
    std::optional<FileId> file;
    if (auto it = overlay_.find(key); it != overlay_.end()) {
      if (it->second->size() > kMaxSourceBytes) {
        diags_.report<DiagKind::FileUnreadable>(from, path.string(), too_large(it->second->size()));
        return std::nullopt;
      }
      file = prog_.sm.add(path.string(), *it->second);
    } else {
      file = read_source(path.string(), prog_.sm, diags_, from);
    }
    if (!file) return std::nullopt;
    auto ast = syntax::parse(*file, prog_.sm, diags_);
    if (!ast) return std::nullopt;
    ast->name = name;
    state_[key] = {false, 0};
    stack_.push_back(name);
    std::vector<size_t> imports;
    if (has_prelude_) imports.push_back(0);
    bool ok = true;
    for (const auto& imp : ast->imports) {
      auto found = resolve(imp.module, path.parent_path());
      if (!found) {
        auto d = diags_.report<DiagKind::ModuleNotFound>(imp.span, imp.module);
        d.note(fmt::format("looked in the stdlib, beside `{}`{}", path.filename().string(),
                           paths_.tco_path.empty() ? " and in TCO_PATH (unset)" : " and in the folders of TCO_PATH"));
        ok = false;
        continue;
      }
      auto idx = load(*found, imp.module, imp.span);
      if (!idx) {
        ok = false;
        continue;
      }
      imports.push_back(*idx);
    }
    stack_.pop_back();
    if (!ok) return std::nullopt;
    ModuleInfo m;
    m.name = name;
    m.path = path.string();
    m.ast = std::move(ast);
    m.imports = std::move(imports);
    prog_.modules.push_back(std::move(m));
    size_t index = prog_.modules.size() - 1;
    state_[key] = {true, index};
    return index;
  }

  bool load_prelude() {
    fs::path p = fs::path(paths_.stdlib_dir) / (std::string(stdlib_names::kPrelude) + ".tco");
    auto idx = load(p, stdlib_names::kPrelude, {});
    has_prelude_ = idx.has_value();
    return has_prelude_;
  }

 private:
  std::optional<fs::path> resolve(const std::string& module, const fs::path& dir) const {
    std::string file = module + ".tco";
    std::vector<fs::path> candidates = {fs::path(paths_.stdlib_dir) / file, dir / file};
    for (const auto& p : paths_.tco_path) candidates.push_back(fs::path(p) / file);
    for (const auto& c : candidates) {
      std::error_code ec;
      // Anything but a folder by that name is the module: a FIFO or a device then gets
      // read_source's "not a regular file" at the import instead of "no module named".
      auto st = fs::status(c, ec);
      if (overlay_.count(fs::weakly_canonical(c, ec).string()) || (fs::exists(st) && !fs::is_directory(st))) return c;
    }
    return std::nullopt;
  }

  struct State {
    bool done;
    size_t index;
  };
  const SearchPaths& paths_;
  Program& prog_;
  Diagnostics& diags_;
  std::map<std::string, State> state_;
  std::map<std::string, const std::string*> overlay_;
  std::vector<std::string> stack_;
  bool has_prelude_ = false;
};

}  // namespace

SearchPaths SearchPaths::from_environment() {
  SearchPaths p;
  if (const char* s = std::getenv("TCOC_STDLIB"); s && *s)
    p.stdlib_dir = s;
  else
    p.stdlib_dir = TCOC_STDLIB_DIR;
  if (const char* t = std::getenv("TCO_PATH"); t && *t) {
    std::stringstream ss(t);
    std::string part;
    while (std::getline(ss, part, ':'))
      if (!part.empty()) p.tco_path.push_back(part);
  }
  return p;
}

std::optional<FileId> read_source(const std::string& path, SourceManager& sm, Diagnostics& diags, Span from) {
  std::error_code ec;
  auto st = fs::status(path, ec);
  auto fail = [&](const std::string& why) {
    diags.report<DiagKind::FileUnreadable>(from, path, why);
    return std::nullopt;
  };
  if (ec || !fs::exists(st)) return fail("no such file");
  if (fs::is_directory(st)) return fail("it is a directory");
  if (!fs::is_regular_file(st)) return fail("it is not a regular file");
  auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxSourceBytes)
    return fail(too_large(size));
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("permission denied or unreadable");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return fail("read error");
  return sm.add(path, std::move(text));
}

bool load_program(const std::string& plan_path, const SearchPaths& paths, Program& prog, Diagnostics& diags,
                  const Overlay* overlay) {
  Loader loader(paths, prog, diags, overlay);
  prog.stdlib_dir = paths.stdlib_dir;
  if (!loader.load_prelude()) return false;
  std::string stem = fs::path(plan_path).stem().string();
  auto main = loader.load(plan_path, stem, {});
  if (!main) return false;
  prog.main = *main;
  return true;
}

}  // namespace tco::sema
