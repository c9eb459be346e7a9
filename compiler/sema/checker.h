// The checker's private state, shared by check_decls.cpp, check_expr.cpp, check_calls.cpp.
#pragma once
#include <map>
#include <optional>
#include <set>

#include "compiler/sema/check.h"
#include "compiler/tables/csv.h"

namespace tco::sema {

struct Local {
  std::string name;
  const Type* type;
  Span span;
  NameKind kind = NameKind::Local;      // Local (a `let`), Param or Axis, for the name index
  const ast::Expr* value = nullptr;     // a local let's value
};

// A lexical scope: function parameters and lets, or a study's axes and lets.
struct Scope {
  const Scope* parent = nullptr;
  size_t module = 0;
  bool simulation = false;  // distributions allowed
  std::vector<Local> locals;
  const Local* find(const std::string& name) const {
    for (auto it = locals.rbegin(); it != locals.rend(); ++it)
      if (it->name == name) return &*it;
    return parent ? parent->find(name) : nullptr;
  }
};

struct StudyInfo {
  enum State { Unchecked, Checking, Done } state = Unchecked;
  const Type* type = nullptr;  // a bound study's result
};

struct FnSig {
  enum State { Unchecked, Checking, Done } state = Unchecked;
  std::vector<const Type*> params;
  const Type* result = nullptr;
};

class Checker {
 public:
  Checker(Program& prog, Diagnostics& diags) : prog_(prog), diags_(diags), types_(prog.types) {}
  bool run();

  // ---- declarations (check_decls.cpp)
  void declare_dimensions_and_units(size_t m);
  void declare_symbols(size_t m);
  void resolve_record_fields(size_t m);
  void check_items(size_t m);
  const Type* check_global_let(const ast::LetDecl& let, size_t m);
  FnSig& check_fn(const ast::FnDecl& fn, size_t m, Span use);
  void check_study(ast::Study& st, size_t m);
  // ---- lists and tables (check_list.cpp, check_table.cpp)
  // A top-level let's value or an axis: a list literal, `table(...)`, a list let's name, or
  // any other expression (checked as usual).
  const Type* check_value_or_list(ast::Expr& e, Scope& scope);
  const Type* check_list_elements(ast::Expr& v, Scope& scope);
  bool is_table_call(const ast::Expr& e, const Scope& scope);
  const Type* check_table(ast::Expr& e, Scope& scope);
  bool read_table(const tables::Csv& csv, const RecordInfo& rec, Scope& scope, TableData& out);
  bool read_cell(const tables::Cell& cell, const FieldInfo& f, const std::optional<Quantity>& header_unit, Scope& scope,
                 TableCell& out);
  // ---- bound studies (check_bound.cpp)
  // Checks `st` once; its result's type when bound, nullptr while it is being checked.
  const Type* checked_study(ast::Study& st, size_t m);
  const Type* check_study_name(ast::Expr& e, const Symbol& s);
  std::string many_rows_reason(const ast::Study& st) const;
  void unknown_study_field(const ast::Expr& e, const RecordInfo& r);
  std::optional<Quantity> eval_unit_definition(const ast::Expr& e);

  // ---- names and types
  const Symbol* find_global(size_t module, const std::string& name, Span use, bool report);
  const Type* resolve_type(const ast::TypeExpr& t, size_t module);
  std::optional<Dim> resolve_dimension(const ast::Product& p);
  std::optional<Quantity> resolve_unit(const ast::Product& p, const Scope* scope);
  std::string describe(const Type* t) const { return type_name(t, prog_.dims); }
  // Reports E0203 unless `got` fits `want`; true when it fits (errors fit anything, an
  // unset quantity fits any quantity).
  bool expect(const Type* want, const Type* got, Span at, const std::string& what);
  // The same for expression `e`; an unset `e` that fits takes the quantity type `want`, so
  // `let slo: Time = none` declares a Time.
  bool expect(const Type* want, ast::Expr& e, const std::string& what);
  // Reports E0225 when `t` is the unset quantity, which `e` (labelled `role`) cannot be.
  bool reject_unset(const Type* t, const ast::Expr& e, const std::string& role);
  // What turns a `have` into a `want`: one base unit multiplied or divided (`* 1 s`), or the
  // inverse; None when neither does.
  struct Conversion {
    enum Kind { None, Multiply, Divide, Invert } kind = None;
    std::string dim, unit;  // Multiply, Divide: the base dimension and the unit to suggest
  };
  Conversion conversion(const Dim& have, const Dim& want) const;
  // "multiply <subject> by a Time (for example `* 1 s`)" when one base factor away, else "".
  std::string conversion_hint(const Dim& have, const Dim& want, const std::string& subject) const;
  // The same hint on `d` for `value`, with the fix that rewrites `value` so; and when the
  // value lacks a time to be converted to `target` (`spend -> $`), the fix that makes the
  // target a rate instead (`-> $/month`). `shown`: the unit a report row or `show` column
  // displays its figure in; there only a period or an inversion is hinted, since a figure
  // missing a Token or Data went wrong upstream, where the hint would not lead.
  void conversion_hint(DiagBuilder& d, const ast::Expr& value, const Dim& have, const Dim& want,
                       const ast::Product& target, bool shown = false) const;
  // "`name` is defined in module `m`: add `import m`", with the fix adding the import to
  // `into`'s file after its last import.
  void import_hint(DiagBuilder& d, size_t into, const std::string& name, const std::string& module) const;
  // That hint for the module declaring `name`: one the program loaded (declaring it as a
  // function, when `functions_only`), else a stdlib module it has not loaded
  // (stdlib_index.h); nothing when none does.
  void missing_import_hint(DiagBuilder& d, size_t into, const std::string& name, bool functions_only = false) const;
  // A literal (`$20k`) set against a rate of what it counts (`monthly_cost`): the literal
  // written as that rate (`$20k/month`); "" otherwise.
  std::string literal_rate_hint(const ast::Expr& literal, const ast::Expr& other_side, const Dim& other) const;
  // The hint for two sides of different dimensions: a literal rate, else a conversion.
  std::string sides_hint(const ast::Expr& left, const Dim& l, const ast::Expr& right, const Dim& r) const;
  std::vector<std::string> visible_names(const Scope* scope, size_t module) const;
  // Adds what `at` names to the name index (index.h); the caller may fill in the rest of
  // the entry at once (the reference dies with the next entry).
  // Without Program::index_names the entry is a scratch one, dropped.
  NameUse& index_name(Span at, Span decl, NameKind kind, const std::string& name, const Type* type);
  // A local's declaration (`at` = its span) or a use of it.
  NameUse& index_local(Span at, const Local& l);
  void index_imports(size_t m);

  // ---- expressions (check_expr.cpp, check_calls.cpp)
  const Type* check(ast::Expr& e, Scope& scope);
  const Type* check_range(ast::Expr& range, Scope& scope);
  const Type* check_name(ast::Expr& e, Scope& scope);
  bool split_value_factors(ast::Expr& e, const Scope& scope);
  void warn_byte_suffix(const ast::Expr& e);
  const Type* check_binary(ast::Expr& e, Scope& scope);
  const Type* check_call(ast::Expr& e, Scope& scope);
  const Type* check_builtin(ast::Expr& e, Scope& scope, Builtin b);
  const Type* check_user_call(ast::Expr& e, Scope& scope, const ast::FnDecl& fn, size_t fn_module);
  const Type* check_record_literal(ast::Expr& e, Scope& scope);
  const Type* check_with(ast::Expr& e, Scope& scope);
  // Binds named `fields` to a record's fields; `all_required` for literals (not `with`).
  void bind_fields(ast::Expr& e, Scope& scope, const RecordInfo& rec, bool all_required, Ref& ref);
  std::optional<double> constant_number(const ast::Expr& e);
  // A show item's aggregate, if its top node is one (`p90(x)`, `mean(x)`).
  std::optional<Builtin> aggregate_of(const ast::Expr& e, double* percentile) const;
  const Type* check_show_item(ast::ShowItem& item, Scope& scope, bool* is_aggregate);
  bool has_summary(const ast::Expr& e) const;
  void reject_per_point(const ast::Expr& e);

  Program& prog_;
  Diagnostics& diags_;
  TypeTable& types_;
  std::map<const ast::LetDecl*, int> let_state_;  // 1 checking, 2 done
  std::map<const ast::FnDecl*, FnSig> fns_;
  std::map<const ast::Study*, StudyInfo> studies_;
  bool show_context_ = false;
  bool list_ok_ = false;
  bool summary_expr_ = false;  // checking a `show` item that combines summaries (`max(x) * price`)       // the name being checked may be a list (an axis, a let's value)  // checking the argument of a top-level aggregate is fine
  bool out_of_stack_ = false;  // E0124 reported: the checks still on the stack unwind quietly
  NameUse unindexed_;          // what index_name hands out when nothing is recorded
};

std::optional<Builtin> builtin_by_name(const std::string& name, size_t nargs, double* percentile);
// The builtins' names (`p1` .. `p99` aside): the one list did-you-mean, the editors' docs and
// their tests draw on.
std::vector<std::string> builtin_names();

}  // namespace tco::sema
