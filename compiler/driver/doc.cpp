#include "compiler/driver/doc.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "compiler/diagnostics/exit_codes.h"
#include "compiler/driver/options.h"
#include "compiler/pipeline/compile.h"
#include "compiler/runner/execute.h"
#include "compiler/sema/signature.h"
#include "compiler/sema/stdlib_names.h"
#include "compiler/syntax/doc_comments.h"
#include "compiler/syntax/parse.h"
#include "runtime/format.h"

namespace tco::driver {
namespace {

namespace fs = std::filesystem;

// The generated plans stand in the current folder (given as editor buffers are, never
// written), so their imports find modules as a plan of this folder's would.
std::string virtual_plan() { return "(tcoc doc).tco"; }

std::unique_ptr<pipeline::Compilation> compile_text(const std::string& text, pipeline::Stage until, std::string& err,
                                                    bool color) {
  const std::string path = virtual_plan();
  sema::Overlay overlay{{path, text}};
  auto o = pipeline::until(until);
  o.overlay = &overlay;
  auto c = pipeline::compile(path, sema::SearchPaths::from_environment(), o);
  err += c->diags.render(color);
  return c;
}

// The stdlib's modules, but the prelude every plan sees.
std::vector<std::string> stdlib_modules() {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(sema::SearchPaths::from_environment().stdlib_dir, ec))
    if (e.path().extension() == ".tco" && e.path().stem() != sema::stdlib_names::kPrelude) names.insert(e.path().stem().string());
  return {names.begin(), names.end()};
}

// A comment as one markdown list item's text: later lines indented under the item.
std::string list_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '\n') out += "  ";
  }
  // An indented empty line would carry trailing spaces.
  for (size_t at; (at = out.find("\n  \n")) != std::string::npos;) out.replace(at, 4, "\n\n");
  return out;
}

std::string cell(std::string s) {
  for (char& c : s)
    if (c == '|') c = '/';
  return s;
}

// Every constant of one record type, every field, as `tcoc run --format markdown` shows a
// sweep over them (each field in the unit the module writes it in).
bool values_table(const std::vector<std::string>& imports, const ast::TypeDecl& type,
                  const std::vector<std::string>& constants, std::string& out, std::string& err, bool color) {
  std::string plan;
  for (const auto& m : imports) plan += "import " + m + "\n";
  std::vector<std::string> shown;
  for (const auto& f : type.fields) shown.push_back(fmt::format("{}: x.{}", f.name, f.name));
  plan += fmt::format("sweep \"{}\" {{\n  over x in [{}]\n  show {}\n}}\n", type.name, fmt::join(constants, ", "),
                      fmt::join(shown, ", "));
  auto c = compile_text(plan, pipeline::Stage::Lower, err, color);
  if (!c->lowered) return false;
  rt::RunResult result;
  Diagnostics run_diags(c->sources);
  bool ran = runner::run_lowered(*c, runner::EngineOptions{}, runner::RunOptions{}, result, run_diags);
  err += run_diags.render(color);
  if (!ran) return false;
  // No "N points" under the table, nor its "### title" line: the section names the type.
  for (auto& t : result.sweeps) t.notes.clear();
  const std::string md = rt::write(result, rt::Format::Markdown);
  for (size_t at = md.find('\n') + 1; at > 0 && at < md.size();) {
    size_t end = md.find('\n', at);
    if (end == std::string::npos) end = md.size();
    if (end > at) out += md.substr(at, end - at) + "\n";  // blank lines between parts dropped
    at = end + 1;
  }
  return true;
}

bool document_module(const pipeline::Compilation& c, size_t index, const std::vector<std::string>& imports,
                     std::string& out, std::string& err, bool color) {
  const auto& sm = c.sources;
  const auto& mod = c.program.modules[index];
  const ast::Module& ast = *mod.ast;
  out += fmt::format("## `import {}`\n\n", mod.name);
  if (std::string head = syntax::file_comment(sm.file(ast.file)); !head.empty()) out += head + "\n\n";
  for (const auto& t : ast.types) {
    out += fmt::format("### type `{}`\n\n", t.name);
    if (std::string d = syntax::doc_comment(sm, t.span); !d.empty()) out += d + "\n\n";
    out += "| field | type | default | meaning |\n|---|---|---|---|\n";
    for (const auto& f : t.fields)
      out += fmt::format("| `{}` | {} | {} | {} |\n", f.name, f.type.product.text,
                         f.default_value ? "`" + syntax::span_text(sm, f.default_value->span) + "`" : "",
                         cell(syntax::line_comment(sm, f.span)));
    out += "\n";
    std::vector<std::string> constants;
    for (const auto& l : ast.lets)
      if (l.value && l.value->type && l.value->type->record && l.value->type->record->name == t.name)
        constants.push_back(l.name);
    if (constants.empty()) continue;
    std::vector<std::string> ticked;
    for (const auto& n : constants) ticked.push_back("`" + n + "`");
    out += fmt::format("Constants: {}.\n\n", fmt::join(ticked, ", "));
    if (!values_table(imports, t, constants, out, err, color)) return false;
    out += "\n";
  }
  if (!ast.fns.empty()) {
    out += "### Functions\n\n";
    for (const auto& f : ast.fns) {
      std::string d = syntax::doc_comment(sm, f.span);
      out += fmt::format("- `{}`{}\n", sema::signature(sm, c.program.dims, f, f.body ? f.body->type : nullptr).text, d.empty() ? "" : ": " + list_text(d));
    }
    out += "\n";
  }
  return true;
}

}  // namespace

int doc(const std::vector<std::string>& requested, const DocOptions& opts, std::string& out, std::string& err,
        bool color) {
  for (const auto& n : requested)
    if (n.empty() || std::isdigit(static_cast<unsigned char>(n[0])) ||
        n.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos)
      return usage_error<DiagKind::NotAModuleName>(err, "doc", n);
  const bool stdlib = requested.empty();
  const std::vector<std::string> names = stdlib ? stdlib_modules() : requested;
  std::string plan;
  for (const auto& n : names) plan += "import " + n + "\n";
  auto c = compile_text(plan, pipeline::Stage::Check, err, color);
  if (!c->checked) return exit_code_for(c->diags) == kOk ? kCompileError : exit_code_for(c->diags);

  std::string text = stdlib ? "# The stdlib\n\n" : fmt::format("# Modules {}\n\n", fmt::join(names, ", "));
  text += fmt::format(
      "Generated by `tcoc doc{}` from the modules' declarations and the comments written above and beside "
      "them: each type with its fields, each constant's values as tcoc computes them, each function's "
      "signature. Every figure's source is in the comment above it in the `.tco` file.\n\n",
      stdlib ? "" : " " + fmt::format("{}", fmt::join(names, " ")));
  // The modules in the order they were loaded: a module after those it imports.
  const std::set<std::string> wanted(names.begin(), names.end());
  std::vector<std::string> imports;
  for (size_t i = 0; i < c->program.modules.size(); ++i) {
    if (!wanted.count(c->program.modules[i].name) || i == c->program.main) continue;
    imports.push_back(c->program.modules[i].name);
    if (!document_module(*c, i, imports, text, err, color)) return kCompileError;
  }
  while (text.size() > 1 && text[text.size() - 1] == '\n' && text[text.size() - 2] == '\n') text.pop_back();

  if (opts.out_path.empty()) {
    out += text;
    return kOk;
  }
  std::ifstream in(opts.out_path, std::ios::binary);
  const std::string have{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (opts.check) {
    if (have == text) return kOk;
    err += fmt::format("{} is out of date: run `tcoc doc{} --out {}`\n", opts.out_path,
                       stdlib ? "" : " " + fmt::format("{}", fmt::join(names, " ")), opts.out_path);
    return kAssertFailed;
  }
  std::ofstream file(opts.out_path, std::ios::binary);
  file << text;
  if (!file.flush()) {
    Diagnostics d(c->sources);
    d.report<DiagKind::CannotWrite>(Span{}, opts.out_path, std::strerror(errno));
    err += d.render(color);
    return kRuntimeError;
  }
  return kOk;
}

}  // namespace tco::driver
