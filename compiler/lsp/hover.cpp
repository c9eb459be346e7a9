// Hover: what a name is (its declaration, type with its natural unit) and, for constants, its
// value as `tcoc run` would print it; then its documentation comment.
#include <fmt/format.h>

#include "compiler/lsp/builtins.h"
#include "compiler/lsp/display.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/position.h"
#include "compiler/sema/signature.h"
#include "compiler/syntax/doc_comments.h"
#include "compiler/syntax/parse.h"
#include "runtime/format.h"

namespace tco::lsp {
namespace {

using sema::NameKind;

class HoverText {
 public:
  explicit HoverText(const Analysis& a) : a_(a), sm_(a.sources), show_(a.program) {}

  std::string of(const sema::NameUse& u) {
    switch (u.kind) {
      case NameKind::Let: return value_name("let", u);
      case NameKind::Local: return value_name("let", u);
      case NameKind::Param: return param(u);
      case NameKind::Axis: return code(fmt::format("(axis) {}: {}", u.name, show_.type(u.type, {}))) + where(u);
      case NameKind::Fn:
        return u.fn ? code("fn " + sema::signature(sm_, a_.program.dims, *u.fn, u.type).text) + where(u) + docs(u) : "";
      case NameKind::Type: return record(u);
      case NameKind::Field: return field(u);
      case NameKind::Unit: return unit(u);
      case NameKind::Dimension: return dimension(u);
      case NameKind::Builtin: return builtin(u);
      case NameKind::Module: return module(u);
    }
    return {};
  }

 private:
  static std::string code(const std::string& s) { return "```tco\n" + s + "\n```"; }

  std::string docs(const sema::NameUse& u) const {
    std::string d = syntax::doc_comment(sm_, u.decl);
    return d.empty() ? "" : "\n\n---\n\n" + d;
  }

  // Where a name from another file comes from: `*gpus.tco*`.
  std::string where(const sema::NameUse& u) const {
    if (!u.decl.valid() || u.decl.file == a_.file) return "";
    for (const auto& m : a_.program.modules)
      if (m.ast->file == u.decl.file) return fmt::format("\n\nfrom module `{}`", m.name);
    return "";
  }

  std::optional<ir::ConstValue> fold(const ast::Expr* e) const {
    if (!a_.checked || !e) return std::nullopt;
    return ir::fold_constant(a_.program, *e);
  }

  std::string value_name(const char* keyword, const sema::NameUse& u) {
    auto hints = show_.hints(u);
    auto v = fold(u.value);
    std::optional<double> number;
    if (v && v->kind == ir::ConstValue::Number) number = v->number;
    std::string s = code(fmt::format("{} {}: {}", keyword, u.name, show_.type(u.type, hints, number)));
    s += value_lines(v, u.type, hints, u.value);
    return s + where(u) + docs(u);
  }

  std::string value_lines(const std::optional<ir::ConstValue>& v, const sema::Type* t, const std::vector<ShownUnit>& hints,
                          const ast::Expr* origin) {
    if (!v) return "";
    if (v->kind != ir::ConstValue::Record) return "\n\n`= " + show_.value(*v, t, hints) + "`";
    std::string s = "\n\n```tco\n" + v->record->name + " {\n";
    for (const auto& f : show_.fields(*v, origin)) s += "  " + f + "\n";
    return s + "}\n```";
  }

  std::string param(const sema::NameUse& u) {
    const ast::Param* decl = nullptr;
    if (u.fn)
      for (const auto& p : u.fn->params)
        if (p.name == u.name) decl = &p;
    auto hints = show_.hints(u);
    std::string s = fmt::format("(parameter) {}: {}", u.name, show_.type(u.type, hints));
    if (decl && decl->default_value) s += " = " + syntax::span_text(sm_, decl->default_value->span);
    std::string out = code(s);
    if (u.fn) out += fmt::format("\n\nof `{}`", u.fn->name);
    // A named argument's value, when it is a constant: `gpus = 8`.
    if (!u.is_decl()) out += value_lines(fold(u.value), u.type, hints, u.value);
    return out + where(u) + docs(u);
  }

  std::string record(const sema::NameUse& u) {
    if (!u.record || !u.record->decl) return "";
    std::string s = "type " + u.record->name + " {\n";
    for (const auto& f : u.record->fields) {
      s += "  " + f.name + ": " + show_.type(f.type, show_.field_hints(u.record, f.name));
      if (f.decl && f.decl->default_value) s += " = " + syntax::span_text(sm_, f.decl->default_value->span);
      s += "\n";
    }
    return code(s + "}") + where(u) + docs(u);
  }

  std::string field(const sema::NameUse& u) {
    auto hints = show_.hints(u);
    auto v = u.is_decl() ? std::nullopt : fold(u.value);
    std::optional<double> number;
    if (v && v->kind == ir::ConstValue::Number) number = v->number;
    std::string owner = u.record ? u.record->name + "." : "";
    std::string s = code(fmt::format("{}{}: {}", owner, u.name, show_.type(u.type, hints, number)));
    if (u.is_decl() && u.value) s += "\n\ndefault `" + syntax::span_text(sm_, u.value->span) + "`";
    s += value_lines(v, u.type, hints, u.value);
    return s + where(u) + docs(u);
  }

  std::string unit(const sema::NameUse& u) const {
    if (!u.unit || !u.type) return "";
    const auto& dims = a_.program.dims;
    std::string s = code(fmt::format("unit {}: {}", u.name, sema::type_name(u.type, dims)));
    std::string base = dims.base_unit_text(u.type->dim);
    if (base != u.name)
      s += fmt::format("\n\n`1 {} = {}{}`", u.name, rt::format_exact(u.unit->scale), base.empty() ? "" : " " + base);
    return s + where(u) + docs(u);
  }

  std::string dimension(const sema::NameUse& u) const {
    if (!u.type) return "";
    const auto& dims = a_.program.dims;
    std::string structural = dims.structural(u.type->dim);
    std::string s = structural == u.name ? fmt::format("dimension {}", u.name)
                                         : fmt::format("dimension {} = {}", u.name, structural);
    std::string base = dims.base_unit_text(u.type->dim);
    return code(s) + (base.empty() ? "" : fmt::format("\n\nbase unit `{}`", base)) + where(u) + docs(u);
  }

  std::string builtin(const sema::NameUse& u) const {
    const BuiltinDoc* d = builtin_doc(u.name);
    std::string s = code(fmt::format("(builtin) {}", d ? d->signature : u.name + "(...)"));
    if (u.type && !u.type->is_error()) s += fmt::format("\n\nhere: `{}`", sema::type_name(u.type, a_.program.dims));
    if (d) s += std::string("\n\n") + d->doc;
    return s;
  }

  std::string module(const sema::NameUse& u) const {
    if (!u.decl.valid()) return "";
    const SourceFile& f = sm_.file(u.decl.file);
    std::string s = code("import " + u.name) + "\n\n`" + f.path + "`";
    std::string c = syntax::file_comment(f);
    return c.empty() ? s : s + "\n\n---\n\n" + c;
  }

  const Analysis& a_;
  const SourceManager& sm_;
  Display show_;
};

}  // namespace

nlohmann::json hover(const Analysis& a, uint32_t offset) {
  if (a.file == 0) return nullptr;
  const sema::NameUse* u = sema::name_at(a.program.uses, a.file, offset);
  if (!u) return nullptr;
  std::string text = HoverText(a).of(*u);
  if (text.empty()) return nullptr;
  LineIndex idx(a.sources.file(a.file).text);
  return {{"contents", {{"kind", "markdown"}, {"value", text}}},
          {"range", range_json(idx.position(u->at.begin), idx.position(u->at.end))}};
}

}  // namespace tco::lsp
