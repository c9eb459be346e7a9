#include "compiler/sema/types.h"

namespace tco::sema {

TypeTable::TypeTable() = default;

const Type* TypeTable::quantity(const Dim& d) {
  auto& slot = quantities_[d.exp];
  if (!slot) slot = std::make_unique<Type>(Type{TypeKind::Quantity, d, nullptr});
  return slot.get();
}

RecordInfo* TypeTable::new_record(std::string name, const ast::TypeDecl* decl, size_t module) {
  records_.push_back(std::make_unique<RecordInfo>(RecordInfo{std::move(name), decl, module, {}}));
  RecordInfo* r = records_.back().get();
  record_types_[r] = std::make_unique<Type>(Type{TypeKind::Record, {}, r});
  return r;
}

const Type* TypeTable::list(const Type* elem) {
  auto& slot = list_types_[elem];
  if (!slot) slot = std::make_unique<Type>(Type{TypeKind::List, {}, nullptr, elem});
  return slot.get();
}

std::string type_name(const Type* t, const DimNames& names) {
  switch (t->kind) {
    case TypeKind::Quantity: return names.describe(t->dim);
    case TypeKind::Bool: return "Bool";
    case TypeKind::Text: return "Text";
    case TypeKind::Record: return t->record->name;
    case TypeKind::AnyQuantity: return "an unset quantity (`none`/`auto`)";
    case TypeKind::Error: return "<error>";
    case TypeKind::List: return "a list of " + type_name(t->elem, names);
  }
  return "?";
}

}  // namespace tco::sema
