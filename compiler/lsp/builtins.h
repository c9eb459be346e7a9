// What the editor says about builtin functions: a signature and one line each.
#pragma once
#include <string>
#include <vector>

namespace tco::lsp {

struct BuiltinDoc {
  const char* name;
  const char* signature;
  const char* doc;
};

// Every builtin sema accepts by name (sema::builtin_by_name), `p1`..`p99` as one entry `p50`.
const std::vector<BuiltinDoc>& builtin_docs();
const BuiltinDoc* builtin_doc(const std::string& name);

}  // namespace tco::lsp
