// `textDocument/signatureHelp`: inside the parentheses of a call, the function's signature
// with every parameter's type and default (`serve(model: Model, ..., gpus: Number = 8, ...)`),
// its doc comment, and the parameter being written: by its name after `name =`, else by
// position.
#include <cctype>

#include "compiler/lsp/builtins.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/position.h"
#include "compiler/sema/signature.h"
#include "compiler/syntax/doc_comments.h"

namespace tco::lsp {
namespace {

struct Call {
  std::string callee;
  size_t argument = 0;     // commas before the cursor, at the call's own depth
  std::string named;       // `name =` starting the argument being written, if any
};

// The call whose parentheses hold `offset`, read off the text (it is being typed, so it need
// not parse): back to the innermost unclosed `(`, skipping strings, comments and nested brackets.
std::optional<Call> call_at(const std::string& text, uint32_t offset) {
  // Where strings and `//` comments are, scanning forward once.
  std::vector<bool> code(offset, true);
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '"') {
      size_t j = i + 1;
      while (j < offset && text[j] != '"' && text[j] != '\n') j += text[j] == '\\' ? 2 : 1;
      for (size_t k = i; k <= j && k < offset; ++k) code[k] = false;
      i = j;
    } else if (text[i] == '/' && i + 1 < offset && text[i + 1] == '/') {
      size_t j = i;
      while (j < offset && text[j] != '\n') code[j++] = false;
      i = j;
    }
  }
  int depth = 0;
  Call call;
  size_t arg_start = offset;
  // No call spans two top-level statements: a line starting one ends the search.
  auto starts_statement = [&](size_t at) {
    static const char* const kStarts[] = {"let ", "fn ", "type ", "report ", "sweep ", "simulate ", "assert ",
                                          "import ", "unit ", "dimension "};
    for (const char* k : kStarts)
      if (text.compare(at, std::char_traits<char>::length(k), k) == 0) return true;
    return false;
  };
  for (size_t i = offset; i-- > 0;) {
    if (text[i] == '\n' && starts_statement(i + 1)) return std::nullopt;
    if (!code[i]) continue;
    char c = text[i];
    if (c == ')' || c == ']' || c == '}') ++depth;
    else if ((c == '[' || c == '{') && depth > 0) --depth;
    else if (c == '[' || c == '{') return std::nullopt;
    else if (c == '(' && depth > 0) --depth;
    else if (c == ',' && depth == 0) {
      if (call.argument++ == 0) arg_start = i + 1;
    } else if (c == '(') {
      size_t end = i;
      while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
      size_t begin = end;
      while (begin > 0 && ident_char(text[begin - 1])) --begin;
      if (begin == end) return std::nullopt;
      call.callee = text.substr(begin, end - begin);
      if (call.argument == 0) arg_start = i + 1;
      // `name = ...` at the start of the argument being written.
      size_t p = arg_start;
      while (p < offset && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
      size_t q = p;
      while (q < offset && ident_char(text[q])) ++q;
      size_t r = q;
      while (r < offset && (text[r] == ' ' || text[r] == '\t')) ++r;
      if (q > p && r < offset && text[r] == '=' && (r + 1 >= text.size() || text[r + 1] != '='))
        call.named = text.substr(p, q - p);
      return call;
    }
  }
  return std::nullopt;
}

// The function `name` as the document sees it: its own, then its imports'.
const ast::FnDecl* find_fn(const Analysis& a, const std::string& name) {
  const auto& main = a.program.modules[a.program.main];
  if (auto it = main.symbols.find(name); it != main.symbols.end() && it->second.fn) return it->second.fn;
  for (size_t m : main.imports)
    if (auto it = a.program.modules[m].symbols.find(name); it != a.program.modules[m].symbols.end() && it->second.fn)
      return it->second.fn;
  return nullptr;
}

}  // namespace

nlohmann::json signature_help(const Analysis* a, const std::string& text, uint32_t offset) {
  auto call = call_at(text, std::min<uint32_t>(offset, static_cast<uint32_t>(text.size())));
  if (!call) return nullptr;
  nlohmann::json sig;
  int active = static_cast<int>(call->argument);
  if (const ast::FnDecl* fn = a ? find_fn(*a, call->callee) : nullptr) {
    const sema::Signature s = sema::signature(a->sources, a->program.dims, *fn, nullptr);
    nlohmann::json params = nlohmann::json::array();
    for (size_t i = 0; i < fn->params.size(); ++i) {
      params.push_back({{"label", {s.params[i].first, s.params[i].second}}});
      if (!call->named.empty() && fn->params[i].name == call->named) active = static_cast<int>(i);
    }
    sig = {{"label", s.text}, {"parameters", params}};
    if (std::string doc = syntax::doc_comment(a->sources, fn->span); !doc.empty())
      sig["documentation"] = {{"kind", "markdown"}, {"value", doc}};
  } else if (const BuiltinDoc* b = builtin_doc(call->callee)) {
    sig = {{"label", b->signature}, {"documentation", {{"kind", "markdown"}, {"value", b->doc}}}};
  } else {
    return nullptr;
  }
  return {{"signatures", nlohmann::json::array({sig})}, {"activeSignature", 0}, {"activeParameter", active}};
}

}  // namespace tco::lsp
