// The depth limit for expression trees. The parser caps bracket nesting, but a flat chain
// `a + b + c + ...` still becomes a left-deep tree whose depth is its length, and every
// later stage (checker, lowering, printers) recurses over it. Past kMaxExprDepth such a
// plan is refused here, with a diagnostic, instead of risking the stack.
#include <utility>
#include <vector>

#include "compiler/syntax/parse.h"

namespace tco::syntax {
namespace {

// Depth of the deepest node below `root`, found without recursion; reports the first node
// beyond the limit.
bool within_limit(const ast::Expr* root, Diagnostics& diags) {
  std::vector<std::pair<const ast::Expr*, size_t>> todo{{root, 1}};
  while (!todo.empty()) {
    auto [e, depth] = todo.back();
    todo.pop_back();
    if (depth > kMaxExprDepth) {
      diags.report<DiagKind::NestingTooDeep>(e->span, kMaxExprDepth)
          .note("a long chain such as `a + b + c + ...` nests one level per operator")
          .hint("split the expression with `let`s");
      return false;
    }
    ast::for_each_child(*e, [&, depth = depth](const ast::Expr& c) { todo.emplace_back(&c, depth + 1); });
  }
  return true;
}

}  // namespace

bool check_expression_depth(const ast::Module& m, Diagnostics& diags) {
  std::vector<const ast::Expr*> roots;
  auto add = [&](const ast::ExprPtr& e) {
    if (e) roots.push_back(e.get());
  };
  for (const auto& u : m.units) add(u.definition);
  for (const auto& t : m.types)
    for (const auto& f : t.fields) add(f.default_value);
  for (const auto& l : m.lets) add(l.value);
  for (const auto& f : m.fns) {
    for (const auto& p : f.params) add(p.default_value);
    for (const auto& l : f.lets) add(l.value);
    add(f.body);
  }
  for (const auto& r : m.reports)
    for (const auto& e : r.entries) add(e.value);
  for (const auto& s : m.studies) {
    for (const auto& a : s.axes) add(a.values);
    add(s.samples);
    add(s.seed);
    for (const auto& l : s.lets) add(l.value);
    for (const auto& w : s.where) add(w);
    for (const auto& o : s.reduction.objectives) add(o.value);
    for (const auto& b : s.reduction.by) add(b);
    add(s.reduction.count);
    for (const auto& sh : s.show) add(sh.value);
  }
  for (const auto& a : m.asserts) add(a.condition);
  for (const ast::Expr* r : roots)
    if (!within_limit(r, diags)) return false;
  return true;
}

}  // namespace tco::syntax
