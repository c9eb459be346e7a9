// Definitions in dependency order, without recursion. The checker and lowering follow a
// `let` to the lets it names; done recursively, a chain of 235,000 lets (each naming the
// next) nests that many calls deep. Visiting the chain in this order first means each
// definition's dependencies are already done when it is reached, so nothing recurses.
#pragma once
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "compiler/syntax/ast.h"

namespace tco::sema {

// The `Name` nodes of expression `e`, found with a work list.
inline std::vector<const ast::Expr*> names_in(const ast::Expr& e) {
  std::vector<const ast::Expr*> names, work{&e};
  while (!work.empty()) {
    const ast::Expr* x = work.back();
    work.pop_back();
    if (x->kind == ast::ExprKind::Name) names.push_back(x);
    ast::for_each_child(*x, [&](const ast::Expr& c) { work.push_back(&c); });
  }
  return names;
}

// Every node reachable from `roots` through `deps(node)` (a vector of `const Node*`) that
// `done(node)` does not rule out, each after the nodes it depends on, each once. Nodes on a
// cycle are left out: the caller meets them in its own order, as it would without this
// order, so the checker reports a cycle where it always has.
template <class Node, class Deps, class Done>
std::vector<const Node*> dependency_order(const std::vector<const Node*>& roots, Deps deps, Done done) {
  struct Frame {
    const Node* node;
    std::vector<const Node*> deps;
    size_t next = 0;
    bool on_cycle = false;
  };
  std::vector<const Node*> order;
  std::set<const Node*> seen;
  std::map<const Node*, size_t> depth_on_stack;  // the nodes of `stack`, by position
  std::vector<Frame> stack;
  for (const Node* root : roots) {
    if (done(root) || !seen.insert(root).second) continue;
    depth_on_stack[root] = 0;
    stack.push_back({root, deps(root)});
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next < top.deps.size()) {
        const Node* d = top.deps[top.next++];
        if (auto on = depth_on_stack.find(d); on != depth_on_stack.end()) {
          for (size_t i = on->second; i < stack.size(); ++i) stack[i].on_cycle = true;
        } else if (!done(d) && seen.insert(d).second) {
          depth_on_stack[d] = stack.size();
          stack.push_back({d, deps(d)});
        }
        continue;
      }
      if (!top.on_cycle) order.push_back(top.node);
      depth_on_stack.erase(top.node);
      stack.pop_back();
    }
  }
  return order;
}

}  // namespace tco::sema
