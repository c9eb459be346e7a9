// The scalar IR: a kernel is a list of SSA instructions over f64, evaluated per point.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"
#include "runtime/reduce.h"
#include "runtime/results.h"

namespace tco::ir {

enum class Op : uint8_t {
  Const,    // imm
  Index,    // the current index along axis `a` (a simulation has one axis: the sample)
  Uniform,  // a uniform draw in (0,1) for stream `a` of this sample (see runtime/rng.h)
  Table,    // tables[a][value b]
  Neg, Not, Sqrt, Ln, Exp, Log10, Log2, Floor, Ceil, Round, Abs, Cos, Sin,  // unary: a
  Add, Sub, Mul, Div, Pow, Min, Max,                              // binary: a, b
  Lt, Le, Gt, Ge, Eq, Ne, And, Or,                                // 1.0 or 0.0
  Select,   // a != 0 ? b : c
  // A bounded search (`largest x in ...`), bisecting over the indexes 0 .. a-1 of its values.
  // The instructions between a SearchBegin and the SearchEnd naming it are its body, run once
  // per candidate (search.h); nothing after the SearchEnd may read them.
  SearchBegin,  // the candidate index; a = how many values (imm 1: largest, 0: smallest)
  SearchEnd,    // a = its SearchBegin, b = the condition: the index found, or -1
};

const char* op_name(Op op);

// Operands read among a, b, c (Table reads b). Inline: the native module uses it too.
inline int op_arity(Op op) {
  switch (op) {
    case Op::Const:
    case Op::Index:
    case Op::Uniform: return 0;
    case Op::Table: return 1;
    case Op::Select: return 3;
    case Op::SearchBegin: return 1;
    case Op::SearchEnd: return 2;
    default: break;
  }
  return op >= Op::Add ? 2 : 1;
}

using ValueId = uint32_t;

struct Inst {
  Op op;
  ValueId a = 0, b = 0, c = 0;
  double imm = 0;
};

// Calls f with each value `in` reads, by reference (to renumber them): a, b, c by arity,
// except a Table, which reads only its index b (a names a table, not a value). Every pass
// that follows operands walks them through here, so a new operation's operands are stated
// once, in op_arity.
template <class I, class F>
void for_each_operand(I& in, F&& f) {
  if (in.op == Op::Table) {
    f(in.b);
    return;
  }
  const int n = op_arity(in.op);
  if (n >= 1) f(in.a);
  if (n >= 2) f(in.b);
  if (n >= 3) f(in.c);
}

enum class ValueKind { Number, Text, Bool };

// One output column (a report row, a `show` item) and how to present it.
struct Output {
  std::string name;      // label, or the expression's source text
  std::string unit;      // display unit text; "" when dimensionless or not a number
  double scale = 1;      // displayed value = base value / scale
  ValueKind kind = ValueKind::Number;
  rt::NumberStyle style = rt::NumberStyle::Plain;
  Span span;             // the expression shown, for warnings about the values it took
};

// How an axis's values were given: charts draw a geometric range on a log scale.
enum class AxisKind { List, Step, Geometric };

struct Axis {
  std::string name;
  uint64_t size = 1;
  AxisKind kind = AxisKind::List;
  // The output column that shows this axis's value (for a record, its `name`), or -1. Charts
  // use it to tell which columns identify a point and which are its figures.
  int column = -1;
};

// A table the kernel reads a bound study's result from (`pick.cost`): filled with the
// study's one row, in base units, once the study has run and before this kernel runs.
struct StudyRead {
  uint32_t table;  // index into Kernel::tables; its size is the study's column count
  uint32_t study;  // index into Program::studies
};

struct Kernel {
  std::vector<Inst> insts;
  std::vector<std::vector<double>> tables;
  std::vector<StudyRead> reads;  // those of `tables` only known when the plan runs
  std::vector<Axis> axes;  // row-major: the last axis varies fastest
  uint64_t seed = 0;       // simulations
  std::vector<ValueId> where;       // every one must be non-zero for a point to count
  std::vector<ValueId> outputs;     // one per Output of the item
  std::vector<ValueId> objectives;  // best/top/pareto
  std::vector<ValueId> keys;        // best ... by
  // When every key depends on one axis only (`by gpu`, gpu an axis), that axis: the
  // runtime then keeps a threshold per index along it (runtime/sink.h). -1 otherwise.
  int key_axis = -1;
  uint64_t points() const;          // product of axis sizes (saturating)
};

struct ReportItem {
  std::string title;
  std::vector<Output> rows;
  Kernel kernel;  // no axes; outputs in row order
};

struct StudyItem {
  std::string title;
  std::string binding;  // `let pick = sweep ...`: other items read its one row
  Span span;  // the `sweep "title"` head, for runtime diagnostics
  bool simulation = false;
  std::vector<Output> columns;
  rt::ReduceSpec reduce;
  Kernel kernel;
  std::vector<int> objective_columns;  // per objective: the column showing it, or -1
  // Summaries combined in expressions (`show peak: max(x) * price`): the kernel's outputs are
  // then each summary's per-point input, reduced to one row, and `post` computes `columns`
  // from that row (it reads it as this study's result, Kernel::reads).
  std::optional<Kernel> post;
};

struct AssertItem {
  std::string message;
  Kernel kernel;  // outputs[0] = the condition; then, for a comparison, both sides
  std::vector<Output> sides;
  std::string op;  // the comparison, for the failure detail
  Span condition;  // in the plan, for a failure found before running (W0305)
};

enum class ItemKind { Report, Study, Assert };
struct ItemRef {
  ItemKind kind;
  size_t index;
};

struct Program {
  std::vector<std::string> strings;  // Text values are indices here
  std::vector<ReportItem> reports;
  std::vector<StudyItem> studies;
  std::vector<AssertItem> asserts;
  // The run (and print) order: source order, except that an item reading a bound study's
  // result runs after that study.
  std::vector<ItemRef> order;

  const Kernel& kernel(ItemKind kind, size_t index) const {
    switch (kind) {
      case ItemKind::Report: return reports[index].kernel;
      case ItemKind::Study: return studies[index].kernel;
      case ItemKind::Assert: break;
    }
    return asserts[index].kernel;
  }
  size_t count(ItemKind kind) const {
    return kind == ItemKind::Report ? reports.size() : kind == ItemKind::Study ? studies.size() : asserts.size();
  }
  // Every item, kind by kind (reports, studies, asserts) in index order: the order kernels
  // are generated and looked up in, which `--emit llvm` shows.
  std::vector<ItemRef> items() const {
    std::vector<ItemRef> all;
    for (ItemKind kind : {ItemKind::Report, ItemKind::Study, ItemKind::Assert})
      for (size_t i = 0; i < count(kind); ++i) all.push_back({kind, i});
    return all;
  }
};

// Reorders `p.order` so that every item runs after the studies it reads (Kernel::reads),
// keeping source order otherwise. The checker rejects cycles; false if one got through.
bool order_by_reads(Program& p);

// `--emit=ir`.
std::string print(const Program& p);

}  // namespace tco::ir
