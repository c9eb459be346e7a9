#include "compiler/sema/signature.h"

#include "compiler/syntax/parse.h"

namespace tco::sema {

Signature signature(const SourceManager& sm, const DimNames& dims, const ast::FnDecl& fn, const Type* result) {
  Signature s;
  s.text = fn.name + "(";
  for (size_t i = 0; i < fn.params.size(); ++i) {
    const auto& p = fn.params[i];
    if (i) s.text += ", ";
    const size_t from = s.text.size();
    s.text += p.name + ": " + p.type.product.text;
    if (p.default_value) s.text += " = " + syntax::span_text(sm, p.default_value->span);
    s.params.emplace_back(from, s.text.size());
  }
  s.text += ")";
  if (fn.result) s.text += " -> " + fn.result->product.text;
  else if (result) s.text += " -> " + type_name(result, dims);
  return s;
}

}  // namespace tco::sema
