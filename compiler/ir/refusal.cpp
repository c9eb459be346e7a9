// Which arguments a refusal is about: the reason names them (the stdlib writes its reasons
// with parameter names, "the attention heads do not divide over tp"), so the warning points
// at those the plan gave, and at the call when it names none.
#include "compiler/ir/refusal.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "compiler/sema/stdlib_names.h"

namespace tco::ir {

std::optional<RefusalFields> refusal_fields(const sema::RecordInfo* r) {
  if (!r) return std::nullopt;
  int fits = r->field_index(sema::stdlib_names::kFits), reason = r->field_index(sema::stdlib_names::kReason);
  if (fits < 0 || reason < 0) return std::nullopt;
  const sema::Type* ft = r->fields[static_cast<size_t>(fits)].type;
  const sema::Type* rt = r->fields[static_cast<size_t>(reason)].type;
  if (!ft || ft->kind != sema::TypeKind::Bool || !rt || rt->kind != sema::TypeKind::Text) return std::nullopt;
  return RefusalFields{static_cast<size_t>(fits), static_cast<size_t>(reason)};
}

namespace {

// Each word of `s` and where it first occurs.
std::map<std::string, size_t> words_of(const std::string& s) {
  std::map<std::string, size_t> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    bool word_char = i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_');
    if (word_char) continue;
    if (i > start) out.emplace(s.substr(start, i - start), start);
    start = i + 1;
  }
  return out;
}

}  // namespace

void RefusalWarnings::reading(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Field && (e.text == sema::stdlib_names::kFits || e.text == sema::stdlib_names::kReason) && e.a->kind == ast::ExprKind::Call)
    warned_.insert({e.a->span.file, e.a->span.begin});
}

void RefusalWarnings::warn(const ast::Expr& call, const sema::Ref& ref, const std::string& reason) {
  if (!warned_.insert({call.span.file, call.span.begin}).second || !ref.fn) return;
  const auto words = words_of(reason);
  // The arguments given whose parameter the reason names, the first named first.
  std::vector<std::pair<size_t, Span>> named;
  for (size_t i = 0; i < ref.fn->params.size() && i < ref.args.size(); ++i) {
    auto w = words.find(ref.fn->params[i].name);
    if (!ref.args[i] || w == words.end()) continue;
    Span s = ref.args[i]->span;
    for (const auto& a : call.args)
      if (a.value.get() == ref.args[i] && a.name) s = Span::cover(a.name_span, s);
    named.emplace_back(w->second, s);
  }
  std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const std::string& fn = ref.fn->name;
  auto d = diags_.report<DiagKind::CannotRun>(named.empty() ? call.name_span : named[0].second, fn, reason);
  for (size_t i = 1; i < named.size(); ++i) d.label(named[i].second, "");
  d.hint(fmt::format("`{}` returns `fits = false` here and its costs are none: {}", fn,
                     named.empty() ? "the reason says what to change"
                     : named.size() == 1 ? "change the argument marked"
                                         : "change one of the arguments marked"));
}

}  // namespace tco::ir
