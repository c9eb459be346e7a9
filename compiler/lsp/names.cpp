// The name index as the editor features read it (names.h).
#include "compiler/lsp/names.h"

#include "compiler/lsp/uri.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>

namespace tco::lsp {

std::vector<const sema::NameUse*> uses_of(const Analysis& a, Span decl) {
  std::vector<const sema::NameUse*> out;
  // A function's body may be checked more than once (a default read at each call): one
  // span, one use.
  std::set<std::tuple<FileId, uint32_t, uint32_t>> seen;
  for (const auto& u : a.program.uses)
    if (u.decl.file == decl.file && u.decl.begin == decl.begin && u.decl.end == decl.end && u.at.valid() &&
        seen.insert({u.at.file, u.at.begin, u.at.end}).second)
      out.push_back(&u);
  return out;
}

std::vector<const sema::NameUse*> same_declaration(const Analysis& a, uint32_t offset) {
  if (a.file == 0) return {};
  const sema::NameUse* at = sema::name_at(a.program.uses, a.file, offset);
  if (!at || !at->decl.valid()) return {};
  return uses_of(a, at->decl);
}

bool written_as_name(const Analysis& a, const sema::NameUse& u) {
  if (!u.at.valid() || u.at.end - u.at.begin != u.name.size()) return false;
  const std::string& text = a.sources.file(u.at.file).text;
  return u.at.end <= text.size() && text.compare(u.at.begin, u.name.size(), u.name) == 0;
}

std::vector<uint32_t> item_starts(const ast::Module& m) {
  std::vector<uint32_t> out;
  for (const auto& x : m.imports) out.push_back(x.span.begin);
  for (const auto& x : m.dimensions) out.push_back(x.span.begin);
  for (const auto& x : m.units) out.push_back(x.span.begin);
  for (const auto& x : m.types) out.push_back(x.span.begin);
  for (const auto& x : m.lets) out.push_back(x.span.begin);
  for (const auto& x : m.fns) out.push_back(x.span.begin);
  for (const auto& x : m.reports) out.push_back(x.span.begin);
  for (const auto& x : m.studies) out.push_back(x.binding.empty() ? x.span.begin : std::min(x.span.begin, x.binding_span.begin));
  for (const auto& x : m.asserts) out.push_back(x.span.begin);
  std::sort(out.begin(), out.end());
  return out;
}

size_t item_of(const std::vector<uint32_t>& starts, uint32_t offset) {
  return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin());
}

std::string uri_of(const Analysis& a, FileId file, const std::string& document_uri) {
  return file == a.file && !document_uri.empty() ? document_uri : uri_from_path(a.sources.file(file).path);
}

bool in_folder(const Analysis& a, FileId file, const std::string& folder) {
  if (file == 0 || folder.empty()) return false;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(folder, ec);
  fs::path p = fs::weakly_canonical(a.sources.file(file).path, ec).parent_path();
  auto [d, _] = std::mismatch(dir.begin(), dir.end(), p.begin(), p.end());
  return d == dir.end();
}

}  // namespace tco::lsp
