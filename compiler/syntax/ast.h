// The tcoc AST: what the analyst wrote, with spans, independent of ANTLR.
// syntax/ builds it from the parse tree; sema/ fills in `type` on every Expr (the typed AST).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"

namespace tco::sema {
struct Type;
}

namespace tco::ast {

// A product of named factors with integer powers: `tok/s`, `$/Mtok`, `Data/Time`, `kW hr`,
// `B^2`. Used for units after numbers and after `->`, and for types and dimensions.
struct Factor {
  std::string name;  // "$" and "%" are names too
  int power = 1;     // negative in a denominator: `tok/s` = {tok,1},{s,-1}
  Span span;
};
struct Product {
  std::vector<Factor> factors;  // empty = dimensionless / no unit
  Span span;
  std::string text;  // spelling as written, whitespace normalised: "$/Mtok"
  bool empty() const { return factors.empty(); }
};

enum class ExprKind {
  Number,     // 5, 5M, 5 GB, $2.49/hr, 60%   (value scaled by count suffix; unit separate)
  String,     // "label"
  Bool,       // true / false
  Name,       // x
  Field,      // base.name
  Call,       // f(a, b = c)
  RecordLit,  // Name { a = 1, b = 2 }   (a record type, or a function called with named args)
  With,       // base with { a = 1 }
  Unary,      // -x, not x
  Binary,     // a + b, a and b, a < b, ...
  If,         // if c then a else b
  Convert,    // expr -> unit
  List,       // [a, b, c]        (sweep axes)
  Range,      // a .. b step d  /  a .. b geometric r
  Search,     // largest x in a .. b where cond  /  smallest ...
};

enum class BinOp { Add, Sub, Mul, Div, Pow, Lt, Le, Gt, Ge, Eq, Ne, And, Or };

// How an operator is written: "+", "<=", "and".
inline const char* op_text(BinOp op) {
  switch (op) {
    case BinOp::Add: return "+";
    case BinOp::Sub: return "-";
    case BinOp::Mul: return "*";
    case BinOp::Div: return "/";
    case BinOp::Pow: return "^";
    case BinOp::Lt: return "<";
    case BinOp::Le: return "<=";
    case BinOp::Gt: return ">";
    case BinOp::Ge: return ">=";
    case BinOp::Eq: return "==";
    case BinOp::Ne: return "!=";
    case BinOp::And: return "and";
    case BinOp::Or: return "or";
  }
  return "?";
}
enum class UnOp { Neg, Not };
enum class RangeKind { Step, Geometric };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Arg {
  std::optional<std::string> name;  // named argument / record field
  Span name_span;
  ExprPtr value;
};

struct Expr {
  ExprKind kind;
  Span span;
  const sema::Type* type = nullptr;  // set by sema

  // Number: the value after the count suffix (5M -> 5e6) and before the unit.
  double number = 0;
  Product unit;  // Number: unit after the literal (`$` and `%` included); Convert: target unit
  // String: text; Name: name; Field: field name; Call/RecordLit: callee / type name.
  std::string text;
  Span name_span;  // Field: the span of the field name; Call/RecordLit: of the callee
  bool boolean = false;
  BinOp bin = BinOp::Add;
  UnOp un = UnOp::Neg;
  RangeKind range = RangeKind::Step;
  bool largest = false;  // Search: largest (else smallest)
  // Children. Unary/Field/Convert/With: a. Binary: a, b. If: a cond, b then, c else.
  // Range: a lo, b hi, c step-or-ratio. Search: text the variable (name_span its span),
  // a the Range it takes its values from, b the condition.
  ExprPtr a, b, c;
  std::vector<Arg> args;  // Call args; RecordLit and With fields (always named); List elements (unnamed)

  Expr(ExprKind k, Span s) : kind(k), span(s) {}
  Expr(Expr&&) = default;
  Expr& operator=(Expr&&) = default;
  // Tears children down with a work list, not recursion: a flat chain such as
  // `1 + 1 + ... + 1` (100,000 terms) is a left-deep tree that would overflow the stack.
  ~Expr() {
    if (!a && !b && !c && args.empty()) return;
    std::vector<ExprPtr> work;
    auto take = [&work](Expr& e) {
      if (e.a) work.push_back(std::move(e.a));
      if (e.b) work.push_back(std::move(e.b));
      if (e.c) work.push_back(std::move(e.c));
      for (auto& arg : e.args)
        if (arg.value) work.push_back(std::move(arg.value));
    };
    take(*this);
    while (!work.empty()) {
      ExprPtr e = std::move(work.back());
      work.pop_back();
      take(*e);
    }  // each `e` dies here with no children left
  }
};

// Calls f(child) for each child of `e`: a, b, c, then the argument values. The one list of
// an expression's children for the passes that walk trees with a work list.
template <class F>
void for_each_child(const Expr& e, F&& f) {
  for (const Expr* c : {e.a.get(), e.b.get(), e.c.get()})
    if (c) f(*c);
  for (const auto& arg : e.args)
    if (arg.value) f(*arg.value);
}

// ---- declarations and statements -------------------------------------------------

struct Import {
  std::string module;  // `import gpus` -> "gpus"
  Span span;
};

// `dimension Device` (a new base dimension) or `dimension Power = Energy/Time` (a name).
struct DimensionDecl {
  std::string name;
  Span span;
  std::optional<Product> definition;
};

// `unit s: Time` (base unit of a dimension) or `unit hr = 3600 s` (defined by a quantity).
// `@prefixes(si, binary)` before it lets `ms`, `GiB`, ... be formed.
struct UnitDecl {
  std::string name;
  Span span;
  std::optional<Product> base_of;  // `unit s: Time` -> Time
  ExprPtr definition;              // `unit hr = 60 min`
  std::vector<std::string> prefixes;  // "si", "binary"
};

struct TypeExpr {
  Product product;  // `Data/Time`, `Gpu`, `Number`, `Text`, `Bool`
};

struct FieldDecl {
  std::string name;
  Span span;
  TypeExpr type;
  ExprPtr default_value;  // may be null
};

struct TypeDecl {
  std::string name;
  Span span;
  std::vector<FieldDecl> fields;
};

struct LetDecl {
  std::string name;
  Span span;  // the name
  std::optional<TypeExpr> declared;
  ExprPtr value;
};

struct Param {
  std::string name;
  Span span;
  TypeExpr type;
  ExprPtr default_value;  // may be null; may refer to earlier parameters
};

struct FnDecl {
  std::string name;
  Span span;
  std::vector<Param> params;
  std::optional<TypeExpr> result;
  std::vector<LetDecl> lets;  // body: local lets, then the result expression
  ExprPtr body;
};

struct ReportEntry {
  std::string label;
  Span label_span;
  ExprPtr value;
  std::optional<Product> unit;  // `-> $/Mtok`
};

struct Report {
  std::string title;
  Span span;  // the `report "title"` head
  std::vector<ReportEntry> entries;
};

struct Axis {
  std::string name;
  Span span;
  ExprPtr values;  // List or Range
};

// A column of `show`: `gpu.name`, `tput: s.tokens_per_s -> tok/s`, `p90(cost) -> $/Mtok`.
struct ShowItem {
  std::optional<std::string> label;  // explicit `label:`; otherwise the expression's source text
  Span span;
  ExprPtr value;
  std::optional<Product> unit;
};

enum class Direction { Min, Max };

struct Objective {
  Direction dir = Direction::Min;
  ExprPtr value;
  Span span;
};

enum class ReductionKind { None, Best, Top, Pareto };

struct Reduction {
  ReductionKind kind = ReductionKind::None;
  Span span;
  std::vector<Objective> objectives;  // Best/Top: one; Pareto: two
  std::vector<ExprPtr> by;            // Best: group keys (may be empty: one best overall)
  ExprPtr count;                      // Top: N
};

// Shared by `sweep` and `simulate`.
struct Study {
  bool is_simulation = false;
  std::string title;
  Span span;
  // `let risk = simulate "..." { ... }`: the name its one-row result is a value under
  // (`risk.p90`); empty for a study that is not bound.
  std::string binding;
  Span binding_span;
  std::vector<Axis> axes;   // sweep: `over a in ..., b in ...`
  ExprPtr samples, seed;    // simulate: `samples N seed S`
  Span samples_span;
  std::vector<LetDecl> lets;
  std::vector<ExprPtr> where;  // all must hold
  Reduction reduction;
  std::vector<ShowItem> show;
};

struct Assert {
  ExprPtr condition;
  std::string message;  // empty: the condition's source text is used
  Span span;
};

// Top-level items in source order.
enum class ItemKind { Import, Dimension, Unit, Type, Let, Fn, Report, Study, Assert };

struct Item {
  ItemKind kind;
  size_t index;  // into the vector of that kind in Module
};

struct Module {
  FileId file = 0;
  std::string name;  // module name ("gpus"); the main file's stem for the plan
  std::vector<Item> items;
  std::vector<Import> imports;
  std::vector<DimensionDecl> dimensions;
  std::vector<UnitDecl> units;
  std::vector<TypeDecl> types;
  std::vector<LetDecl> lets;
  std::vector<FnDecl> fns;
  std::vector<Report> reports;
  std::vector<Study> studies;
  std::vector<Assert> asserts;
};

}  // namespace tco::ast
