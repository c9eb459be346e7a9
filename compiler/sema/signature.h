// A function's signature as written: `serve(model: Model, ..., gpus: Number = 8) -> Serving`,
// each parameter with its type and default (their source text). Hover, signature help and
// `tcoc doc` show it.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "compiler/sema/program.h"

namespace tco::sema {

struct Signature {
  std::string text;
  std::vector<std::pair<size_t, size_t>> params;  // each parameter's [begin, end) in `text`
};

// `result`: the result type to show when none is declared (a function's checked result), or
// nullptr to show only a declared one.
Signature signature(const SourceManager& sm, const DimNames& dims, const ast::FnDecl& fn, const Type* result);

}  // namespace tco::sema
