// Semantic tokens from the name index: each recorded name of the document, by the kind of
// thing it names (semantic.h). Keywords, numbers and strings are left to the editor's grammar.
#include "compiler/lsp/semantic.h"

#include <algorithm>

#include "compiler/lsp/names.h"

namespace tco::lsp {
namespace {

using sema::NameKind;

// The legend, in order: a token's type is its index here. `unit` is this language's own
// (editors/vscode/package.json maps it onto the grammar's unit scope).
const char* const kTokenTypes[] = {"namespace", "type", "struct", "function", "parameter",
                                   "variable",  "property", "unit"};
enum TokenType : uint32_t { kNamespace, kType, kStruct, kFunction, kParameter, kVariable, kProperty, kUnit };
const char* const kTokenModifiers[] = {"declaration", "readonly", "defaultLibrary"};
constexpr uint32_t kDeclaration = 1, kReadonly = 2, kDefaultLibrary = 4;  // bits, in the order above

uint32_t token_type(NameKind k) {
  switch (k) {
    case NameKind::Module: return kNamespace;
    case NameKind::Dimension: return kType;
    case NameKind::Type: return kStruct;
    case NameKind::Fn:
    case NameKind::Builtin: return kFunction;
    case NameKind::Param: return kParameter;
    case NameKind::Let:
    case NameKind::Local:
    case NameKind::Axis: return kVariable;
    case NameKind::Field: return kProperty;
    case NameKind::Unit: return kUnit;
  }
  return kVariable;
}

}  // namespace

nlohmann::json semantic_tokens_legend() {
  return {{"tokenTypes", kTokenTypes}, {"tokenModifiers", kTokenModifiers}};
}

std::vector<uint32_t> encode_semantic_tokens(std::vector<SemanticToken> tokens) {
  std::stable_sort(tokens.begin(), tokens.end(), [](const SemanticToken& x, const SemanticToken& y) {
    return x.start.line != y.start.line ? x.start.line < y.start.line : x.start.character < y.start.character;
  });
  std::vector<uint32_t> out;
  Position prev;
  uint32_t prev_end = 0;
  bool first = true;
  for (const SemanticToken& t : tokens) {
    bool same_line = !first && t.start.line == prev.line;
    if (same_line && t.start.character < prev_end) continue;
    out.insert(out.end(), {t.start.line - prev.line, same_line ? t.start.character - prev.character : t.start.character,
                           t.length, t.type, t.modifiers});
    prev = t.start;
    prev_end = t.start.character + t.length;
    first = false;
  }
  return out;
}

nlohmann::json semantic_tokens(const Analysis& a, const std::string& stdlib_dir) {
  std::vector<SemanticToken> tokens;
  if (a.file != 0) {
    LineIndex idx(a.sources.file(a.file).text);
    for (const auto& u : a.program.uses) {
      // A use recorded wider than its name (a bound study's head) would colour other words.
      if (u.at.file != a.file || !written_as_name(a, u)) continue;
      uint32_t mods = (u.is_decl() ? kDeclaration : 0) | (u.kind == NameKind::Let ? kReadonly : 0) |
                      (u.kind == NameKind::Builtin || in_folder(a, u.decl.file, stdlib_dir) ? kDefaultLibrary : 0);
      Position b = idx.position(u.at.begin), e = idx.position(u.at.end);
      tokens.push_back({b, e.character - b.character, token_type(u.kind), mods});
    }
  }
  return {{"data", encode_semantic_tokens(std::move(tokens))}};
}

}  // namespace tco::lsp
