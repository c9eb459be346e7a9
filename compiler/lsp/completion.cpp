// Completion: after `x.` (or `x.y.`) the fields of x's record type; elsewhere the locals of
// the item being written, the plan's and its imports' names, builtins, keywords and units.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "compiler/lsp/builtins.h"
#include "compiler/lsp/display.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/names.h"
#include "compiler/lsp/position.h"
#include "compiler/syntax/doc_comments.h"

namespace tco::lsp {
namespace {

using json = nlohmann::json;
using sema::NameKind;

// LSP CompletionItemKind values.
enum Kind { kFunction = 3, kField = 5, kVariable = 6, kUnit = 11, kKeyword = 14, kConstant = 21, kStruct = 22 };

// Every keyword, and the two words that stand for a value left unset. `min` and `max` are
// offered as builtins.
const char* const kKeywords[] = {
#define KEYWORD(token, word, group) word,
#include "compiler/syntax/keywords.def"
#undef KEYWORD
    "none", "auto"};

class Items {
 public:
  // `group` orders the list: locals, the plan's names, imported names, builtins, keywords, units.
  void add(const std::string& label, int kind, const std::string& detail, int group, const std::string& doc = "") {
    if (!seen_.insert(label).second) return;
    json item = {{"label", label}, {"kind", kind}, {"sortText", fmt::format("{}_{}", group, label)}};
    if (!detail.empty()) item["detail"] = detail;
    if (!doc.empty()) item["documentation"] = {{"kind", "markdown"}, {"value", doc}};
    items_.push_back(std::move(item));
  }
  json result() { return {{"isIncomplete", false}, {"items", std::move(items_)}}; }

 private:
  std::set<std::string> seen_;
  json items_ = json::array();
};

const ast::Module* main_module(const Analysis& a) {
  if (!a.parsed || a.program.modules.empty()) return nullptr;
  return a.program.modules[a.program.main].ast.get();
}

class Completer {
 public:
  explicit Completer(const Analysis& a) : a_(a), show_(a.program) {}

  // The type `chain` (`s`, `s.gpu`) has at `offset`, when it is a record.
  const sema::Type* chain_type(const std::vector<std::string>& chain, uint32_t offset) const {
    const sema::Type* t = nullptr;
    // The nearest local declared before the cursor, else a global of that name.
    const sema::NameUse* best = nullptr;
    for (const auto& u : a_.program.uses) {
      if (u.at.file != a_.file || !u.is_decl() || u.name != chain[0]) continue;
      if (u.kind != NameKind::Local && u.kind != NameKind::Param && u.kind != NameKind::Axis) continue;
      if (u.at.begin <= offset && (!best || u.at.begin > best->at.begin)) best = &u;
    }
    if (best) t = best->type;
    if (!t)
      if (const sema::Symbol* s = global(chain[0]); s && s->kind == sema::SymbolKind::Let && s->let->value)
        t = s->let->value->type;
    for (size_t i = 1; i < chain.size() && t; ++i) {
      if (t->kind != sema::TypeKind::Record) return nullptr;
      int f = t->record->field_index(chain[i]);
      t = f < 0 ? nullptr : t->record->fields[static_cast<size_t>(f)].type;
    }
    return t && t->kind == sema::TypeKind::Record ? t : nullptr;
  }

  void fields(const sema::RecordInfo& rec, Items& out) const {
    for (const auto& f : rec.fields)
      out.add(f.name, kField, show_.type(f.type, show_.field_hints(&rec, f.name)), 0,
              f.decl ? syntax::doc_comment(a_.sources, f.decl->span) : "");
  }

  void locals(uint32_t offset, Items& out) const {
    const ast::Module* m = main_module(a_);
    if (!m || a_.file == 0) return;
    auto starts = item_starts(*m);
    size_t here = item_of(starts, offset);
    for (const auto& u : a_.program.uses) {
      if (u.at.file != a_.file || !u.is_decl() || u.at.end > offset || item_of(starts, u.at.begin) != here) continue;
      if (u.kind != NameKind::Local && u.kind != NameKind::Param && u.kind != NameKind::Axis) continue;
      out.add(u.name, kVariable, show_.type(u.type, show_.hints(u)), 0);
    }
  }

  void globals(Items& out) const {
    if (!main_module(a_)) return;
    const auto& main = a_.program.modules[a_.program.main];
    add_symbols(main, 1, out);
    for (size_t imp : main.imports) add_symbols(a_.program.modules[imp], 2, out);
  }

  // Units as declared, and the prefixed forms the program writes somewhere (`TB`, `ms`):
  // every prefix of every unit (`mreq`, `Ptok`) would bury those in noise.
  void units(Items& out) const {
    if (!main_module(a_)) return;
    std::set<std::string> written;
    for (const auto& u : a_.program.uses)
      if (u.kind == NameKind::Unit) written.insert(u.name);
    for (const auto& [name, u] : a_.program.units.all())
      if (written.count(name) || a_.sources.slice(u.decl) == name)
        out.add(name, kUnit, a_.program.dims.describe(u.dim), 5);
  }

 private:
  const sema::Symbol* global(const std::string& name) const {
    if (!main_module(a_)) return nullptr;
    const auto& main = a_.program.modules[a_.program.main];
    if (auto it = main.symbols.find(name); it != main.symbols.end()) return &it->second;
    for (size_t imp : main.imports)
      if (auto it = a_.program.modules[imp].symbols.find(name); it != a_.program.modules[imp].symbols.end())
        return &it->second;
    return nullptr;
  }

  void add_symbols(const sema::ModuleInfo& m, int group, Items& out) const {
    for (const auto& [name, s] : m.symbols) {
      std::string doc = syntax::doc_comment(a_.sources, s.span);
      switch (s.kind) {
        case sema::SymbolKind::Let: {
          const sema::Type* t = s.let->value ? s.let->value->type : nullptr;
          sema::NameUse u;
          u.kind = NameKind::Let;
          u.let = s.let;
          u.value = s.let->value.get();
          out.add(name, kConstant, t ? show_.type(t, show_.hints(u)) : "", group, doc);
          break;
        }
        case sema::SymbolKind::Fn: out.add(name, kFunction, "fn " + name + "(...)", group, doc); break;
        case sema::SymbolKind::Type: out.add(name, kStruct, "type " + name, group, doc); break;
        case sema::SymbolKind::Study:
          out.add(name, kConstant, fmt::format("{} \"{}\"", s.study->is_simulation ? "simulate" : "sweep", s.study->title),
                  group, doc);
          break;
      }
    }
  }

  const Analysis& a_;
  Display show_;
};

}  // namespace

nlohmann::json completion(const Analysis* a, const std::string& text, uint32_t offset) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  uint32_t word = offset;
  while (word > 0 && ident_char(text[word - 1])) --word;
  Items items;
  std::optional<Completer> c;
  if (a) c.emplace(*a);
  if (word > 0 && text[word - 1] == '.') {
    // `a.b.` : the chain of names before the dot, read back from the cursor.
    std::vector<std::string> chain;
    uint32_t end = word - 1;
    while (true) {
      uint32_t start = end;
      while (start > 0 && ident_char(text[start - 1])) --start;
      if (start == end || std::isdigit(static_cast<unsigned char>(text[start]))) {
        chain.clear();  // `1.5`, `..`: no record before this dot
        break;
      }
      chain.insert(chain.begin(), text.substr(start, end - start));
      if (start == 0 || text[start - 1] != '.') break;
      end = start - 1;
    }
    if (!chain.empty() && c)
      if (const sema::Type* t = c->chain_type(chain, offset)) c->fields(*t->record, items);
    return items.result();
  }
  if (c) {
    c->locals(offset, items);
    c->globals(items);
  }
  for (const auto& b : builtin_docs()) items.add(b.name, kFunction, b.signature, 3, b.doc);
  for (const char* k : kKeywords) items.add(k, kKeyword, "", 4);
  if (c) c->units(items);
  return items.result();
}

}  // namespace tco::lsp
