// Refusals known before running: a call in the plan whose arguments are all constants and
// whose result says it cannot run gets a warning at the arguments that make it so.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/sema/program.h"

namespace tco::ir {

// A function refuses a configuration by returning a record with a Bool field `fits` that is
// false and a Text field `reason` saying why (the stdlib's `serve` does). These are the
// indices of those two fields in `r`, when it has both.
struct RefusalFields {
  size_t fits, reason;
};
std::optional<RefusalFields> refusal_fields(const sema::RecordInfo* r);

// Warns once per call: lowering inlines a call each time it is reached.
class RefusalWarnings {
 public:
  explicit RefusalWarnings(Diagnostics& diags) : diags_(diags) {}
  // `call` returned fits = false with `reason`: warn at the arguments the reason names.
  void warn(const ast::Expr& call, const sema::Ref& ref, const std::string& reason);
  // Lowering met `e` before its base: a plan that reads `serve(...).fits` or `.reason` of a
  // call asks the question itself, and hears no warning for that call.
  void reading(const ast::Expr& e);

 private:
  Diagnostics& diags_;
  std::set<std::pair<uint32_t, uint32_t>> warned_;  // and asked about
};

}  // namespace tco::ir
