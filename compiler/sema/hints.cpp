// The hints the checker attaches to its diagnostics where a mechanical change would fix the
// plan (a conversion by one base unit, a missing import, a literal written as a rate), each
// with the fix (diagnostics.h `Fix`) that makes that change, so the words and the edit an
// editor offers are composed in one place.
#include <algorithm>
#include <string_view>

#include "compiler/sema/checker.h"
#include "compiler/sema/stdlib_index.h"
#include "compiler/sema/stdlib_names.h"
#include "compiler/syntax/parse.h"

namespace tco::sema {

Checker::Conversion Checker::conversion(const Dim& have, const Dim& want) const {
  Dim ratio = want / have;  // what `have` must be multiplied by
  int nonzero = 0;
  size_t which = 0;
  for (size_t i = 0; i < kMaxBaseDims; ++i)
    if (ratio.exp[i]) ++nonzero, which = i;
  Conversion c;
  if (nonzero == 1 && (ratio.exp[which] == 1 || ratio.exp[which] == -1)) {
    c.kind = ratio.exp[which] == 1 ? Conversion::Multiply : Conversion::Divide;
    c.dim = prog_.dims.base_name(which);
    c.unit = prog_.dims.base_unit_text(Dim::base(which));
    // Money over time is a budget or a bill: the analyst's period is the month, not the
    // second (`spend * 1 month`, as a money literal's hint says too).
    auto time = prog_.dims.lookup(stdlib_names::kTime), money = prog_.dims.lookup(stdlib_names::kMoney);
    auto has_money = [&](const Dim& d) {
      for (size_t i = 0; money && i < kMaxBaseDims; ++i)
        if (money->exp[i] && d.exp[i]) return true;
      return false;
    };
    if (time && *time == Dim::base(which) && (has_money(have) || has_money(want))) c.unit = stdlib_names::kMonth;
  } else if (have == Dim{} / want && !have.dimensionless()) {
    c.kind = Conversion::Invert;
  }
  return c;
}

std::string Checker::conversion_hint(const Dim& have, const Dim& want, const std::string& subject) const {
  Conversion c = conversion(have, want);
  switch (c.kind) {
    case Conversion::Multiply: return fmt::format("multiply {} by a {} (for example `* 1 {}`)", subject, c.dim, c.unit);
    case Conversion::Divide: return fmt::format("divide {} by a {} (for example `/ 1 {}`)", subject, c.dim, c.unit);
    case Conversion::Invert: return fmt::format("invert {}: `1 / (...)`", subject);
    case Conversion::None: break;
  }
  return {};
}

void Checker::conversion_hint(DiagBuilder& d, const ast::Expr& value, const Dim& have, const Dim& want,
                              const ast::Product& target, bool shown) const {
  std::string h = conversion_hint(have, want, "the value");
  if (h.empty()) return;
  Conversion c = conversion(have, want);
  auto time = prog_.dims.lookup(stdlib_names::kTime);
  if (shown && c.kind != Conversion::Invert && c.dim != stdlib_names::kTime) return;
  // Or the value was right and the target forgot its period: `-> $` meant `-> $/month`.
  const bool rate = c.kind == Conversion::Multiply && time && want / *time == have && !target.empty() &&
                    target.text.find('/') == std::string::npos;
  const std::string as_rate = rate ? target.text + "/" + c.unit : "";
  d.hint(rate ? fmt::format("{}, or convert it to `{}`", h, as_rate) : h);
  using K = ast::ExprKind;
  // An operator's operand is bracketed first: `a + b * 1 s` would multiply `b` alone.
  bool atom = value.kind == K::Name || value.kind == K::Field || value.kind == K::Call || value.kind == K::Number ||
              value.kind == K::RecordLit;
  std::string text = syntax::span_text(prog_.sm, value.span);
  std::string operand = atom ? text : "(" + text + ")";
  if (c.kind == Conversion::Invert)
    d.fix(value.span, "1 / " + operand, "Invert the value");
  else
    d.fix(value.span, fmt::format("{} {} 1 {}", operand, c.kind == Conversion::Multiply ? '*' : '/', c.unit),
          fmt::format("{} by `1 {}`", c.kind == Conversion::Multiply ? "Multiply" : "Divide", c.unit));
  if (rate) d.fix(target.span, as_rate, fmt::format("Convert to `{}` instead", as_rate));
}

void Checker::import_hint(DiagBuilder& d, size_t into, const std::string& name, const std::string& module) const {
  d.hint(fmt::format("`{}` is defined in module `{}`: add `import {}`", name, module, module));
  const ast::Module& m = *prog_.modules[into].ast;
  std::string title = fmt::format("Add `import {}`", module);
  if (m.imports.empty()) {
    // Below the file's opening comment (what the plan is about, as a reader meets it first)
    // where a blank line ends it; a comment touching the line below is that line's own.
    const std::string& text = prog_.sm.file(m.file).text;
    uint32_t at = 0;
    bool comment = false;
    for (size_t pos = 0; pos < text.size();) {
      size_t eol = text.find('\n', pos);
      std::string_view line(text.data() + pos, (eol == std::string::npos ? text.size() : eol) - pos);
      const size_t first = line.find_first_not_of(" \t\r");
      const bool blank = first == std::string_view::npos;
      if (!blank && line.substr(first, 2) != "//") break;
      if (eol == std::string::npos) break;
      pos = eol + 1;
      if (blank && comment) at = static_cast<uint32_t>(pos);
      comment = comment || !blank;
    }
    const bool code_follows = at < text.size() && text[at] != '\n';
    d.fix(Span{m.file, at, at}, fmt::format("import {}\n{}", module, code_follows ? "\n" : ""), title);
  } else {
    uint32_t end = m.imports.back().span.end;
    for (const auto& i : m.imports) end = std::max(end, i.span.end);
    d.fix(Span{m.file, end, end}, "\nimport " + module, title);
  }
}

void Checker::missing_import_hint(DiagBuilder& d, size_t into, const std::string& name, bool functions_only) const {
  for (const auto& m : prog_.modules)
    if (auto it = m.symbols.find(name); it != m.symbols.end() && (!functions_only || it->second.kind == SymbolKind::Fn)) {
      import_hint(d, into, name, m.name);
      return;
    }
  if (std::string module = stdlib_module_declaring(prog_.stdlib_dir, name); !module.empty())
    import_hint(d, into, name, module);
}

std::string Checker::literal_rate_hint(const ast::Expr& literal, const ast::Expr& other_side, const Dim& other) const {
  if (literal.kind != ast::ExprKind::Number || !literal.type || !literal.type->is_quantity()) return {};
  auto time = prog_.dims.lookup(stdlib_names::kTime);
  if (!time || other != literal.type->dim / *time) return {};
  std::string text = syntax::span_text(prog_.sm, literal.span);
  if (text.find('/') != std::string::npos) return {};
  // Per the other side's time unit when it is written (`$2/hr - $5`: `$5/hr`); else a
  // budget per month, anything else per second, the base unit of Time.
  std::string per = prog_.dims.describe(literal.type->dim) == stdlib_names::kMoney ? stdlib_names::kMonth : "s";
  if (other_side.kind == ast::ExprKind::Number) {
    std::string written = syntax::span_text(prog_.sm, other_side.span);
    auto slash = written.rfind('/');
    const UnitInfo* u = slash == std::string::npos ? nullptr : prog_.units.find(written.substr(slash + 1));
    if (u && u->dim == *time) per = written.substr(slash + 1);
  }
  return fmt::format("the other side is a rate: write this one as a rate too, such as `{}/{}`", text, per);
}

std::string Checker::sides_hint(const ast::Expr& left, const Dim& l, const ast::Expr& right, const Dim& r) const {
  if (auto h = literal_rate_hint(right, left, l); !h.empty()) return h;
  if (auto h = literal_rate_hint(left, right, r); !h.empty()) return h;
  return conversion_hint(r, l, "the right side");
}

}  // namespace tco::sema
