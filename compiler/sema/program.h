// The checked program: every loaded module, the unit and type tables, and side tables
// that record what each name and call in the AST resolves to. This is the "typed AST"
// that ir/ lowers; `Expr::type` holds each expression's type.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/sema/index.h"
#include "compiler/sema/types.h"
#include "compiler/sema/units.h"
#include "compiler/syntax/ast.h"

namespace tco::sema {

enum class SymbolKind { Let, Fn, Type, Study };

struct Symbol {
  Symbol(SymbolKind k, size_t m) : kind(k), module(m) {}
  SymbolKind kind;
  size_t module = 0;
  const ast::LetDecl* let = nullptr;
  const ast::FnDecl* fn = nullptr;
  RecordInfo* record = nullptr;
  ast::Study* study = nullptr;  // Study: `let pick = sweep ...`
  Span span;
};

struct ModuleInfo {
  std::string name;  // import name ("gpus"); the file stem for the plan itself
  std::string path;
  std::unique_ptr<ast::Module> ast;
  std::map<std::string, Symbol> symbols;  // its own top-level declarations
  std::vector<size_t> imports;            // modules whose names it sees (the prelude included)
};

// The builtin functions (builtins.def).
enum class Builtin {
#define BUILTIN(e, name, kind, signature, doc) e,
#include "compiler/sema/builtins.def"
#undef BUILTIN
};

// Math: anywhere. Random: a random variable, only inside `simulate`. Summary: of a study's
// whole column, only in `show`.
enum class BuiltinKind { Math, Random, Summary };

struct BuiltinInfo {
  Builtin builtin;
  const char* name;
  BuiltinKind kind;
  const char* signature;  // "" for AggMin and AggMax, documented with Min and Max
  const char* doc;
};

// Every row of builtins.def, in order.
const std::vector<BuiltinInfo>& builtins();
const BuiltinInfo& builtin_info(Builtin b);

// The field a bound study's `show` item gives its result (`pick.cost`): its label, or the
// name it shows (`show cost`); "" for any other expression.
std::string show_field_name(const ast::ShowItem& item);
// The column of `study` whose field is `field`, or -1.
int show_column(const ast::Study& study, const std::string& field);

bool is_distribution(Builtin b);
bool is_aggregate(Builtin b);

// Unset: `none` or `auto` where no value of that name is in scope; it lowers to +inf.
// Study: the name of a bound study (`pick` in `pick.cost`), whose one-row result is read
// once the study has run.
enum class RefKind { Local, GlobalLet, Unit, Builtin, Function, Record, Unset, Study };

struct Ref {
  explicit Ref(RefKind k = RefKind::Local) : kind(k) {}
  RefKind kind = RefKind::Local;
  const ast::LetDecl* let = nullptr;   // GlobalLet
  size_t module = 0;                   // GlobalLet, Function: the defining module
  const ast::FnDecl* fn = nullptr;     // Function
  const RecordInfo* record = nullptr;  // Record literal; Study: its result's fields
  const ast::Study* study = nullptr;   // Study
  double scale = 1;                    // Unit used as a value: its scale
  Builtin builtin = Builtin::Min;
  double percentile = 50;              // Percentile (p10, percentile(x, 95%))
  // Call and record-literal arguments in parameter/field order; nullptr = use the default.
  std::vector<const ast::Expr*> args;
};

// `table("quotes.csv", Quote)`, read and checked: one row per CSV row, one cell per field
// of the record, in field order.
struct TableCell {
  bool given = false;                 // false: the field's default
  double number = 0;                  // a quantity in base units; a Bool as 0/1
  std::string text;                   // a Text
  const ast::LetDecl* let = nullptr;  // a record-typed field: the constant the cell names
};
struct TableData {
  const RecordInfo* record = nullptr;
  std::vector<std::vector<TableCell>> rows;
};

struct Program {
  explicit Program(SourceManager& sources) : sm(sources) {}
  SourceManager& sm;
  std::vector<ModuleInfo> modules;
  size_t main = 0;
  DimNames dims;
  UnitTable units;
  TypeTable types;
  std::unordered_map<const ast::Expr*, Ref> refs;
  // Scale of every unit product the checker resolved (literals, `->` targets, report units).
  std::unordered_map<const ast::Product*, Quantity> products;
  std::unordered_map<const ast::Expr*, TableData> tables;  // by the `table(...)` call
  std::deque<ast::Product> table_units;  // the units of tables' cells and headers, as parsed
  // Every name resolved, in checking order (index.h): what editors ask about. Recorded only
  // when asked for (`tcoc lsp`): on a 10 MB plan it is a quarter of the checker's time.
  bool index_names = false;
  std::vector<NameUse> uses;
  // Where the stdlib was loaded from: an unknown name is looked up in its modules the plan
  // has not imported, for the hint to add the import (stdlib_index.h).
  std::string stdlib_dir;

  const ast::Module& main_module() const { return *modules[main].ast; }
};

}  // namespace tco::sema
