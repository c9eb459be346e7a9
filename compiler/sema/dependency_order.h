// Definitions in dependency order, without recursion. The checker and lowering follow a
// `let` to the lets it names; done recursively, a chain of 235,000 lets (each naming the
// next) nests that many calls deep. Visiting the chain in this order first means each
// definition's dependencies are already done when it is reached, so nothing recurses.
#pragma once
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/syntax/ast.h"

namespace tco::sema {

// The `Name` nodes of expression `e` that may name a global, found with a work list (the
// variable of a bounded search is bound in its condition).
inline std::vector<const ast::Expr*> names_in(const ast::Expr& e) {
  struct Item {
    const ast::Expr* x;
    std::vector<const std::string*> bound;
  };
  std::vector<const ast::Expr*> names;
  std::vector<Item> work{{&e, {}}};
  while (!work.empty()) {
    Item it = std::move(work.back());
    work.pop_back();
    const ast::Expr* x = it.x;
    if (x->kind == ast::ExprKind::Name) {
      bool local = false;
      for (const std::string* b : it.bound) local = local || *b == x->text;
      if (!local) names.push_back(x);
    }
    if (x->kind == ast::ExprKind::Search) {
      if (x->a) work.push_back({x->a.get(), it.bound});
      if (x->b) {
        it.bound.push_back(&x->text);
        work.push_back({x->b.get(), std::move(it.bound)});
      }
      continue;
    }
    ast::for_each_child(*x, [&](const ast::Expr& c) { work.push_back({&c, it.bound}); });
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
