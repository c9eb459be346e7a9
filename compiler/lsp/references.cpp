// References and document highlight: every recorded use of the name under the cursor that
// points at the same declaration (sema's name index), in every file the document loaded
// (references) or in the document itself (highlight, the declaration marked as written).
#include <map>

#include "compiler/lsp/features.h"
#include "compiler/lsp/names.h"
#include "compiler/lsp/position.h"
#include "compiler/lsp/uri.h"

namespace tco::lsp {

nlohmann::json references(const Analysis& a, uint32_t offset, bool include_declaration, const std::string& uri) {
  nlohmann::json out = nlohmann::json::array();
  std::map<FileId, LineIndex> lines;
  for (const sema::NameUse* u : same_declaration(a, offset)) {
    if (u->is_decl() && !include_declaration) continue;
    const SourceFile& f = a.sources.file(u->at.file);
    auto it = lines.try_emplace(u->at.file, f.text).first;
    out.push_back({{"uri", uri_of(a, u->at.file, uri)},
                   {"range", range_json(it->second.position(u->at.begin), it->second.position(u->at.end))}});
  }
  return out;
}

nlohmann::json highlights(const Analysis& a, uint32_t offset) {
  nlohmann::json out = nlohmann::json::array();
  if (a.file == 0) return out;
  LineIndex idx(a.sources.file(a.file).text);
  for (const sema::NameUse* u : same_declaration(a, offset)) {
    if (u->at.file != a.file) continue;
    // LSP DocumentHighlightKind: 2 read, 3 write (where the name is declared and given its value).
    out.push_back({{"range", range_json(idx.position(u->at.begin), idx.position(u->at.end))},
                   {"kind", u->is_decl() ? 3 : 2}});
  }
  return out;
}

}  // namespace tco::lsp
