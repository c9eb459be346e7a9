// One line of documentation per builtin (sema/builtins.def), for hover and completion.
#include "compiler/lsp/builtins.h"

#include <regex>

#include "compiler/sema/program.h"

namespace tco::lsp {

const std::vector<BuiltinDoc>& builtin_docs() {
  static const std::vector<BuiltinDoc> docs = [] {
    std::vector<BuiltinDoc> d;
    for (const auto& b : sema::builtins())
      if (*b.signature) d.push_back({b.name, b.signature, b.doc});
    // The percentile shorthands are a pattern, not names: one entry stands for them all.
    d.push_back({"p50", "p1(x) .. p99(x)", "A percentile of a column: `p90(cost)` (only as a `show` item)."});
    return d;
  }();
  return docs;
}

const BuiltinDoc* builtin_doc(const std::string& name) {
  static const std::regex pct("p[0-9]{1,2}");
  std::string key = std::regex_match(name, pct) ? "p50" : name;
  for (const auto& d : builtin_docs())
    if (key == d.name) return &d;
  return nullptr;
}

}  // namespace tco::lsp
