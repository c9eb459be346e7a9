// Lists: `[H100_SXM, B200]` and `table("quotes.csv", Quote)`. A list is a top-level let's
// value or a sweep's axis, and nothing else: a list let's name is refused anywhere but after
// `in`, so no list reaches an expression that computes. A table is read here, cell by cell,
// each problem reported at the CSV's line and column.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "compiler/sema/checker.h"
#include "compiler/sema/load.h"
#include "compiler/tables/cells.h"

namespace tco::sema {

const Type* Checker::check_list_elements(ast::Expr& v, Scope& scope) {
  const Type* elem = types_.error();
  if (v.args.empty()) diags_.report<DiagKind::EmptyList>(v.span);
  const ast::Expr* first = nullptr;
  const ast::Expr* first_unset = nullptr;
  for (auto& a : v.args) {
    const Type* t = check(*a.value, scope);
    if (t->is_error()) continue;
    // `[50 ms, none]`: an unset value takes the type of the others, checked below.
    if (t->is_unset()) {
      if (!first_unset) first_unset = a.value.get();
      continue;
    }
    if (!first) {
      elem = t;
      first = a.value.get();
    } else if (t != elem) {
      diags_.report<DiagKind::MixedList>(a.value->span, describe(elem), describe(t)).label(first->span, describe(elem));
    }
  }
  if (first_unset && !first) {
    reject_unset(first_unset->type, *first_unset, "an axis value");
  } else if (first_unset && !elem->is_quantity()) {
    diags_.report<DiagKind::MixedList>(first_unset->span, describe(elem), describe(first_unset->type))
        .label(first->span, describe(elem));
  }
  return elem;
}

bool Checker::is_table_call(const ast::Expr& e, const Scope& scope) {
  if (e.kind != ast::ExprKind::Call || e.text != "table" || scope.find("table")) return false;
  // A function named `table`, the plan's or an import's, shadows it as it shadows a builtin.
  const Symbol* s = find_global(scope.module, "table", e.name_span, false);
  return !s || s->kind != SymbolKind::Fn;
}

const Type* Checker::check_value_or_list(ast::Expr& e, Scope& scope) {
  if (e.kind == ast::ExprKind::List) {
    const Type* elem = check_list_elements(e, scope);
    e.type = elem->is_error() ? elem : types_.list(elem);
    return e.type;
  }
  if (is_table_call(e, scope)) {
    e.type = check_table(e, scope);
    return e.type;
  }
  if (e.kind != ast::ExprKind::Name) return check(e, scope);
  const bool saved = list_ok_;
  list_ok_ = true;
  const Type* t = check(e, scope);
  list_ok_ = saved;
  return t;
}

namespace {

// A table's path, refused unless it stays in the folder of the file that reads it.
bool beside_plan(const std::string& path) {
  std::filesystem::path p(path);
  if (path.empty() || p.is_absolute() || p.has_root_name() || p.has_root_directory()) return false;
  return std::none_of(p.begin(), p.end(), [](const std::filesystem::path& part) { return part == ".."; });
}

}  // namespace

const Type* Checker::check_table(ast::Expr& e, Scope& scope) {
  auto usage = [&] {
    diags_.report<DiagKind::TableCall>(e.span)
        .hint("write `table(\"quotes.csv\", Quote)`: the file's name in quotes, then the type of its rows");
    return types_.error();
  };
  if (e.args.size() != 2 || e.args[0].name || e.args[1].name || e.args[0].value->kind != ast::ExprKind::String ||
      e.args[1].value->kind != ast::ExprKind::Name)
    return usage();
  const ast::Expr& type_arg = *e.args[1].value;
  const Symbol* s = find_global(scope.module, type_arg.text, type_arg.span, true);
  if (!s || s->kind != SymbolKind::Type) {
    auto d = diags_.report<DiagKind::UnknownType>(type_arg.span, type_arg.text);
    d.note("a table's rows are records of a `type` declared in the plan or a module it imports");
    return types_.error();
  }
  index_name(type_arg.span, s->span, NameKind::Type, type_arg.text, types_.record(s->record)).record = s->record;
  const RecordInfo& rec = *s->record;
  const ast::Expr& path_arg = *e.args[0].value;
  if (!beside_plan(path_arg.text)) {
    diags_.report<DiagKind::TableOutsidePlan>(path_arg.span, path_arg.text)
        .hint("a table is read from the plan's own folder or one below it, such as `\"data/quotes.csv\"`");
    return types_.error();
  }
  const auto dir = std::filesystem::path(prog_.modules[scope.module].path).parent_path();
  auto file = read_source((dir / path_arg.text).string(), prog_.sm, diags_, path_arg.span);
  if (!file) return types_.error();
  auto csv = tables::read_csv(*file, prog_.sm);
  if (csv.problem) {
    tables::report(diags_, *csv.problem, path_arg.text);
    return types_.error();
  }
  TableData data;
  data.record = &rec;
  if (!read_table(*csv.csv, rec, scope, data)) return types_.error();
  if (data.rows.empty()) {
    diags_.report<DiagKind::TableEmpty>(path_arg.span, path_arg.text).hint("add a row under the header");
    return types_.error();
  }
  prog_.tables[&e] = std::move(data);
  return types_.list(types_.record(&rec));
}

}  // namespace tco::sema
