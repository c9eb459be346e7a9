// Go to definition: the declaration the name index recorded for the name under the cursor,
// in whichever file declares it (the stdlib included); an import goes to its module's file.
#include "compiler/lsp/features.h"
#include "compiler/lsp/names.h"
#include "compiler/lsp/position.h"
#include "compiler/lsp/uri.h"

namespace tco::lsp {

nlohmann::json definition(const Analysis& a, uint32_t offset, const std::string& uri) {
  if (a.file == 0) return nullptr;
  const sema::NameUse* u = sema::name_at(a.program.uses, a.file, offset);
  if (!u || !u->decl.valid()) return nullptr;
  const SourceFile& f = a.sources.file(u->decl.file);
  LineIndex idx(f.text);
  return {{"uri", uri_of(a, u->decl.file, uri)}, {"range", range_json(idx.position(u->decl.begin), idx.position(u->decl.end))}};
}

}  // namespace tco::lsp
