// The lowerer's state and values, shared by lower.cpp (expressions, lets, calls) and
// lower_items.cpp (reports, studies, asserts, and the order they run in). Internal to ir/.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/ir/builder.h"
#include "compiler/ir/lower.h"
#include "compiler/ir/refusal.h"
#include "compiler/sema/evidence.h"

namespace tco::ir::lowering {

using sema::Builtin;
using sema::RefKind;
using sema::TypeKind;

// A lowered value: a scalar, or a record whose fields are lowered values.
struct LValue {
  ValueId v = 0;
  const sema::RecordInfo* rec = nullptr;
  std::vector<LValue> fields;
  bool is_record() const { return rec != nullptr; }
};

// A value known before the plan runs (a folded top-level let).
struct Const {
  double v = 0;
  const sema::RecordInfo* rec = nullptr;
  std::vector<Const> fields;
};

struct Env {
  const Env* parent = nullptr;
  std::vector<std::pair<std::string, LValue>> vars;
  const LValue* find(const std::string& n) const {
    for (auto it = vars.rbegin(); it != vars.rend(); ++it)
      if (it->first == n) return &it->second;
    return parent ? parent->find(n) : nullptr;
  }
};

struct NotConstant {
  Span span;
};

// Thrown after reporting an error that ends lowering the current item.
struct Reported {};

// Thrown where the stack runs out (E0124): lowering follows definitions as the checker
// does, but with larger frames, so a chain the checker got through can still end here.
struct OutOfStack {
  Span span;
};

class Lowerer {
 public:
  Lowerer(const sema::Program& prog, Diagnostics& diags, Program& out) : prog_(prog), diags_(diags), out_(out) {}

  bool run();
  // Folds a global expression to a value; nothing when it is not constant (editors).
  std::optional<ConstValue> fold_for_editor(const ast::Expr& e);

 private:
  // ---- one kernel at a time
  struct KernelScope {
    Kernel* kernel;
    KernelBuilder* b;
    uint32_t next_stream = 0;
  };

  LValue lower(const ast::Expr& e, const Env& env);
  LValue lower_call(const ast::Expr& e, const sema::Ref& ref, const Env& env);
  LValue lower_builtin(const ast::Expr& e, const sema::Ref& ref, const Env& env);
  LValue lower_search(const ast::Expr& e, const Env& env);
  LValue inline_fn(const sema::Ref& ref, const Env& env);
  void note_refusal(const ast::Expr& call, const sema::Ref& ref, const LValue& result);
  LValue build_record(const sema::Ref& ref, const Env& env, const LValue* base);
  LValue default_of(const ast::Expr& e);
  LValue global(const ast::LetDecl& let);
  void fold_let(const ast::LetDecl& let);
  void fold_global(const ast::LetDecl& let);
  LValue materialise(const Const& c);
  LValue study_result(const ast::Study& st, const sema::RecordInfo& rec);
  std::optional<Const> to_const(const LValue& v) const;
  ValueId normal01();
  ValueId scalar(const ast::Expr& e, const Env& env) { return lower(e, env).v; }
  double text_id(const std::string& s);
  void flatten(const LValue& v, std::vector<ValueId>& out) const;
  double fold_constant(const ast::Expr& e, const char* what);
  void before_run_error(const ast::Expr& e, const std::string& what);
  std::optional<Const> fold_value(const ast::Expr& e);
  LValue axis_value(const Const& shape, const std::vector<std::vector<double>>& columns, ValueId index, size_t& next);
  void flatten_const(const Const& c, std::vector<double>& out) const;
  std::vector<Const> list_values(const ast::Expr& e);
  const sema::Ref* summary_ref(const ast::Expr& e) const;
  static rt::AggSpec agg_spec(const sema::Ref& ref);
  std::vector<const ast::Expr*> summaries_in(const ast::Expr& e) const;
  bool summary_expressions(const ast::Study& st) const;
  void lower_summary_expressions(const ast::Study& st, StudyItem& item, Env& env);
  bool lower_axis(const ast::Axis& axis, uint32_t k, StudyItem& item, Env& env);

  // `value`, when given, may lend its field's or let's usual unit (evidence_unit).
  Output output_for(const std::string& name, const sema::Type* t, const ast::Product* unit, Builtin* agg,
                    const ast::Expr* value = nullptr);
  std::optional<sema::ShownUnit> evidence_unit(const ast::Expr& e);
  Output show_output(const ast::ShowItem& s);
  const ast::Product* written_unit(const ast::Expr& e, int depth = 0) const;
  void lower_report(const ast::Report& r);
  void lower_study(const ast::Study& st);
  void lower_assert(const ast::Assert& a);

  const sema::Program& prog_;
  Diagnostics& diags_;
  Program& out_;
  KernelScope* ks_ = nullptr;
  std::map<const ast::LetDecl*, Const> globals_;
  std::set<const ast::LetDecl*> late_lets_;  // read a study's result: not constants
  std::map<const ast::Study*, uint32_t> study_index_;
  std::unique_ptr<sema::UnitEvidence> evidence_;  // built when a figure first needs it
  std::map<const ast::Expr*, ValueId> summaries_;  // lowering a study's summary expressions  // the plan's studies, as out_.studies numbers them
  std::map<std::string, size_t> string_ids_;
  bool failed_ = false;
  RefusalWarnings refusals_{diags_};
};


}  // namespace tco::ir::lowering
