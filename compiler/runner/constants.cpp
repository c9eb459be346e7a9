#include "compiler/runner/constants.h"

#include "compiler/runner/run.h"

namespace tco::runner {

void check_constants(const ir::Program& p, Diagnostics& diags) {
  // The reports and asserts, not the studies (whose kernels may be large): this runs on every
  // analysis the language server makes.
  ir::Program constant;
  constant.strings = p.strings;
  constant.reports = p.reports;
  constant.asserts = p.asserts;
  for (const ir::ItemRef& r : p.order) {
    const ir::Kernel& k = p.kernel(r.kind, r.index);
    if (r.kind != ir::ItemKind::Study && k.axes.empty() && k.reads.empty()) constant.order.push_back(r);
  }
  if (constant.order.empty()) return;
  RunOptions o;
  o.threads = 1;
  rt::RunResult result;
  if (!run_program(constant, interpreter_kernels(constant), o, result, diags)) return;
  size_t a = 0;
  for (const auto& ref : constant.order) {
    if (ref.kind != ir::ItemKind::Assert) continue;
    const rt::AssertResult& res = result.asserts.at(a++);
    if (res.passed) continue;
    const ir::AssertItem& item = p.asserts[ref.index];
    auto d = diags.report<DiagKind::AssertWillFail>(item.condition, res.detail.empty() ? res.message : res.detail);
    if (!res.detail.empty() && res.message != res.detail) d.note(fmt::format("the assert says: {}", res.message));
  }
}

}  // namespace tco::runner
