// `textDocument/prepareRename` and `textDocument/rename`: every use of the name under the
// cursor that shares its declaration (the name index, as references reads it), edited in
// each file that holds one; refused, with the reason, where the edit would not be the same
// plan with another name (a builtin, the stdlib, a keyword, a name already taken).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "compiler/lsp/features.h"
#include "compiler/lsp/names.h"
#include "compiler/lsp/position.h"
#include "compiler/lsp/uri.h"

namespace tco::lsp {
namespace {

using json = nlohmann::json;
using sema::NameKind;

struct Target {
  const sema::NameUse* at = nullptr;
  std::vector<const sema::NameUse*> uses;
};

RenameAnswer refuse(RenameAnswer::Refusal why, std::string text) {
  RenameAnswer r;
  r.refusal = why;
  r.why = std::move(text);
  return r;
}

std::string file_name(const Analysis& a, FileId f) {
  return std::filesystem::path(a.sources.file(f).path).filename().string();
}

// The name at `offset` with every use of its declaration, or why it cannot be renamed.
RenameAnswer find_target(const Analysis& a, uint32_t offset, const std::string& stdlib_dir, Target& t) {
  using R = RenameAnswer::Refusal;
  t.at = a.file ? sema::name_at(a.program.uses, a.file, offset) : nullptr;
  if (!t.at) return refuse(R::Refused, "there is no name here to rename");
  const sema::NameUse& u = *t.at;
  if (u.kind == NameKind::Builtin || !u.decl.valid())
    return refuse(R::Refused, fmt::format("`{}` is a builtin and cannot be renamed", u.name));
  if (u.kind == NameKind::Module)
    return refuse(R::Refused, fmt::format("`{}` names a module, its file `{}`: rename the file instead", u.name,
                                          file_name(a, u.decl.file)));
  if (in_folder(a, u.decl.file, stdlib_dir))
    return refuse(R::Refused, fmt::format("`{}` is declared in the stdlib ({}) and cannot be renamed", u.name,
                                          file_name(a, u.decl.file)));
  std::string folder = std::filesystem::path(a.sources.file(a.file).path).parent_path().string();
  if (!in_folder(a, u.decl.file, folder))
    return refuse(R::Refused, fmt::format("`{}` is declared in `{}`, outside this plan's folder", u.name,
                                          a.sources.file(u.decl.file).path));
  t.uses = uses_of(a, u.decl);
  for (const sema::NameUse* v : t.uses)
    if (!written_as_name(a, *v)) {
      LineCol lc = a.sources.file(v->at.file).line_col(v->at.begin);
      return refuse(R::Refused, fmt::format("`{}` is recorded at {}:{}:{} as more than its name, where rename "
                                            "cannot edit it",
                                            u.name, file_name(a, v->at.file), lc.line, lc.col));
    }
  return {};
}

bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), ident_char);
}

bool is_keyword(const std::string& s) {
  static const std::set<std::string> words = {
#define KEYWORD(token, word, group) word,
#include "compiler/syntax/keywords.def"
#undef KEYWORD
  };
  return words.count(s) > 0;
}

const sema::ModuleInfo* module_of(const Analysis& a, FileId file) {
  for (const auto& m : a.program.modules)
    if (m.ast && m.ast->file == file) return &m;
  return nullptr;
}

// Why `name` cannot take the place of the target's name in the files its uses are in, or "".
std::string clash(const Analysis& a, const Target& t, const std::string& name) {
  const sema::NameUse& u = *t.at;
  if (u.kind == NameKind::Field) {
    // Fields are read after `.` and written in braces: only the record's own fields clash.
    if (u.record && u.record->field_index(name) >= 0)
      return fmt::format("`{}` already has a field `{}`", u.record->name, name);
    return "";
  }
  std::set<FileId> files;
  for (const sema::NameUse* v : t.uses) files.insert(v->at.file);
  for (FileId f : files) {
    const sema::ModuleInfo* m = module_of(a, f);
    if (!m) continue;
    auto it = m->symbols.find(name);
    if (it != m->symbols.end())
      return fmt::format("`{}` is already declared in {} (line {})", name, file_name(a, f),
                         a.sources.file(f).line_col(it->second.span.begin).line);
  }
  if (a.program.units.find(name)) return fmt::format("`{}` is already a unit", name);
  if (a.program.dims.lookup(name)) return fmt::format("`{}` is already a dimension", name);
  for (const auto& b : sema::builtins())
    if (name == b.name) return fmt::format("`{}` is a builtin", name);
  // A local, parameter or axis of that name would capture the uses in its function or study.
  for (const auto& d : a.program.uses) {
    if (!d.is_decl() || d.name != name || !files.count(d.at.file)) continue;
    if (d.kind != NameKind::Local && d.kind != NameKind::Param && d.kind != NameKind::Axis) continue;
    const sema::ModuleInfo* m = module_of(a, d.at.file);
    if (!m) continue;
    const std::vector<uint32_t> starts = item_starts(*m->ast);
    const size_t scope = item_of(starts, d.at.begin);
    for (const sema::NameUse* v : t.uses)
      if (v->at.file == d.at.file && item_of(starts, v->at.begin) == scope)
        return fmt::format("`{}` is already declared at {}:{}, in the scope of `{}`", name, file_name(a, d.at.file),
                           a.sources.file(d.at.file).line_col(d.at.begin).line, u.name);
  }
  return "";
}

}  // namespace

RenameAnswer prepare_rename(const Analysis& a, uint32_t offset, const std::string& stdlib_dir) {
  Target t;
  RenameAnswer r = find_target(a, offset, stdlib_dir, t);
  if (r.refusal != RenameAnswer::Refusal::None) return r;
  LineIndex idx(a.sources.file(a.file).text);
  r.result = {{"range", range_json(idx.position(t.at->at.begin), idx.position(t.at->at.end))},
              {"placeholder", t.at->name}};
  return r;
}

RenameAnswer rename(const Analysis& a, uint32_t offset, const std::string& new_name, const std::string& stdlib_dir,
                    const std::string& uri) {
  using R = RenameAnswer::Refusal;
  Target t;
  RenameAnswer r = find_target(a, offset, stdlib_dir, t);
  if (r.refusal != R::None) return r;
  if (!is_identifier(new_name))
    return refuse(R::BadName, fmt::format("`{}` is not a name: a name is a letter or `_`, then letters, digits or `_`",
                                          new_name));
  if (is_keyword(new_name)) return refuse(R::BadName, fmt::format("`{}` is a keyword", new_name));
  if (new_name == "none" || new_name == "auto")
    return refuse(R::BadName, fmt::format("`{}` stands for a value left unset", new_name));
  if (new_name != t.at->name)
    if (std::string why = clash(a, t, new_name); !why.empty()) return refuse(R::Refused, why);
  std::map<FileId, std::vector<const sema::NameUse*>> by_file;
  for (const sema::NameUse* v : t.uses) by_file[v->at.file].push_back(v);
  json changes = json::object();
  for (auto& [file, uses] : by_file) {
    std::sort(uses.begin(), uses.end(), [](auto* x, auto* y) { return x->at.begin < y->at.begin; });
    const SourceFile& f = a.sources.file(file);
    LineIndex idx(f.text);
    json edits = json::array();
    for (const sema::NameUse* v : uses)
      edits.push_back({{"range", range_json(idx.position(v->at.begin), idx.position(v->at.end))}, {"newText", new_name}});
    changes[uri_of(a, file, uri)] = std::move(edits);
  }
  r.result = {{"changes", std::move(changes)}};
  return r;
}

}  // namespace tco::lsp
