// A table's header and cells against the record type of its rows: a column per field (by
// name; a field with a default may be left out), a header unit checked against the field's
// dimension, and each cell read as that field's type: a quantity with its unit (or the
// header's), a Text as written, a Bool, or the name of a constant for a record field.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "compiler/sema/checker.h"
#include "compiler/tables/cells.h"

namespace tco::sema {

namespace {

struct Column {
  int field = -1;                   // the record field it fills
  std::optional<Quantity> unit;     // the header's unit
};

}  // namespace

bool Checker::read_table(const tables::Csv& csv, const RecordInfo& rec, Scope& scope, TableData& out) {
  bool ok = true;
  std::vector<Column> columns(csv.header.size());
  std::vector<int> column_of(rec.fields.size(), -1);
  std::vector<std::string> field_names;
  for (const auto& f : rec.fields) field_names.push_back(f.name);
  for (size_t c = 0; c < csv.header.size(); ++c) {
    const tables::Cell& cell = csv.header[c];
    std::string why;
    auto h = tables::parse_header(cell, prog_.sm, &why);
    if (!h) {
      diags_.report<DiagKind::BadHeaderUnit>(cell.span, cell.text).note(why);
      ok = false;
      continue;
    }
    int f = rec.field_index(h->name);
    if (f < 0) {
      auto d = diags_.report<DiagKind::UnknownColumn>(cell.span, h->name);
      if (auto near = suggest(h->name, field_names); !near.empty()) d.hint("did you mean " + join_ticked(near) + "?");
      else d.note(fmt::format("`{}` has {}", rec.name, join_ticked(field_names)));
      ok = false;
      continue;
    }
    if (column_of[static_cast<size_t>(f)] >= 0) {
      diags_.report<DiagKind::DuplicateColumn>(cell.span, h->name)
          .hint("each field has one column");
      ok = false;
      continue;
    }
    column_of[static_cast<size_t>(f)] = static_cast<int>(c);
    columns[c].field = f;
    const Type* ft = rec.fields[static_cast<size_t>(f)].type;
    if (h->unit) {
      prog_.table_units.push_back(std::move(*h->unit));
      const ast::Product& unit = prog_.table_units.back();
      auto q = resolve_unit(unit, nullptr);
      if (!q) {
        ok = false;
      } else if (!ft->is_quantity() || !(q->dim == ft->dim)) {
        diags_.report<DiagKind::TypeMismatch>(unit.span, fmt::format("column `{}`", h->name), describe(ft),
                      prog_.dims.describe(q->dim))
            .hint(ft->is_quantity() ? fmt::format("the header's unit is that of the field `{}.{}`", rec.name, h->name)
                                    : fmt::format("a {} column takes no unit: drop the brackets", describe(ft)));
        ok = false;
      } else {
        columns[c].unit = q;
      }
    }
  }
  std::vector<std::string> missing;
  for (size_t f = 0; f < rec.fields.size(); ++f)
    if (column_of[f] < 0 && !(rec.fields[f].decl && rec.fields[f].decl->default_value))
      missing.push_back("`" + rec.fields[f].name + "`");
  if (!missing.empty() && !csv.header.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    diags_.report<DiagKind::MissingColumn>(Span::cover(csv.header.front().span, csv.header.back().span), list)
        .hint(fmt::format("every field of `{}` without a default needs a column", rec.name));
    ok = false;
  }
  if (!ok) return false;
  for (const auto& row : csv.rows) {
    std::vector<TableCell> cells(rec.fields.size());
    for (size_t c = 0; c < row.size() && c < columns.size(); ++c) {
      const Column& col = columns[c];
      const FieldInfo& f = rec.fields[static_cast<size_t>(col.field)];
      const tables::Cell& cell = row[c];
      TableCell& out_cell = cells[static_cast<size_t>(col.field)];
      if (cell.text.empty()) {
        if (!(f.decl && f.decl->default_value)) {
          diags_.report<DiagKind::CellEmpty>(cell.span, f.name).hint("give every row a value in this column");
          ok = false;
        }
        continue;
      }
      ok = read_cell(cell, f, col.unit, scope, out_cell) && ok;
    }
    out.rows.push_back(std::move(cells));
  }
  return ok;
}

bool Checker::read_cell(const tables::Cell& cell, const FieldInfo& f, const std::optional<Quantity>& header_unit,
                        Scope& scope, TableCell& out) {
  const Type* t = f.type;
  out.given = true;
  auto mismatch = [&](const std::string& found, const std::string& hint) {
    auto d = diags_.report<DiagKind::TypeMismatch>(cell.span, fmt::format("column `{}`", f.name), describe(t), found);
    if (!hint.empty()) d.hint(hint);
    return false;
  };
  switch (t->kind) {
    case TypeKind::Text: out.text = cell.text; return true;
    case TypeKind::Bool: {
      std::string v = cell.text;
      for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (v != "true" && v != "false") return mismatch(fmt::format("`{}`", cell.text), "write `true` or `false`");
      out.number = v == "true" ? 1 : 0;
      return true;
    }
    case TypeKind::Record: {
      const Symbol* s = find_global(scope.module, cell.text, cell.span, true);
      if (!s || s->kind != SymbolKind::Let) {
        auto d = diags_.report<DiagKind::UnknownName>(cell.span, cell.text);
        if (auto near = suggest(cell.text, visible_names(nullptr, scope.module)); !near.empty())
          d.hint("did you mean " + join_ticked(near) + "?");
        else
          d.note(fmt::format("a `{}` column names a constant of that type, such as one the stdlib defines", f.name));
        return false;
      }
      const Type* got = check_global_let(*s->let, s->module);
      if (got != t && !got->is_error()) return mismatch(describe(got), "");
      out.let = s->let;
      return true;
    }
    default: break;
  }
  std::string why;
  auto n = tables::parse_number_cell(cell, prog_.sm, &why);
  if (!n) {
    diags_.report<DiagKind::CellNotNumber>(cell.span, f.name, cell.text).note(why);
    return false;
  }
  if (header_unit) {
    if (!n->unit.factors.empty()) {
      diags_.report<DiagKind::CellUnitInHeader>(n->unit.span, f.name);
      return false;
    }
    out.number = n->value * header_unit->scale;
    return true;
  }
  if (n->unit.factors.empty()) {
    if (!t->dim.dimensionless())
      return mismatch("a plain number", fmt::format("write its unit in the cell (`{} {}`) or in the header (`{} ({})`)",
                                                     cell.text, prog_.dims.base_unit_text(t->dim), f.name,
                                                     prog_.dims.base_unit_text(t->dim)));
    out.number = n->value;
    return true;
  }
  prog_.table_units.push_back(std::move(n->unit));
  const ast::Product& unit = prog_.table_units.back();
  auto q = resolve_unit(unit, nullptr);
  if (!q) return false;
  if (!(q->dim == t->dim)) return mismatch(prog_.dims.describe(q->dim), "");
  out.number = n->value * q->scale;
  return true;
}

}  // namespace tco::sema
