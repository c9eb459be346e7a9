// Types of the checked language. Quantities carry a dimension; records are nominal.
// Types are interned by TypeTable, so pointer equality is type equality.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/sema/dim.h"
#include "compiler/syntax/ast.h"

namespace tco::sema {

struct RecordInfo;

// AnyQuantity is the type of the unset literal (`none`, `auto`): a quantity of no
// dimension yet, which fits wherever a quantity is expected and can be compared with
// any quantity, but has no dimension of its own to compute with.
// List: a list of values of one type (`[H100_SXM, B200]`, `table("quotes.csv", Quote)`),
// only ever a top-level let's value or a sweep's axis: the checker lets it go nowhere else.
enum class TypeKind { Quantity, Bool, Text, Record, AnyQuantity, Error, List };

struct Type {
  TypeKind kind;
  Dim dim;                           // Quantity
  const RecordInfo* record = nullptr;  // Record
  const Type* elem = nullptr;          // List: the type of its values
  bool is_error() const { return kind == TypeKind::Error; }
  bool is_quantity() const { return kind == TypeKind::Quantity; }
  bool is_unset() const { return kind == TypeKind::AnyQuantity; }
};

struct FieldInfo {
  std::string name;
  const Type* type = nullptr;
  const ast::FieldDecl* decl = nullptr;  // for the default value and its span
  Span span;  // where it is declared: the field, or the `show` item of a bound study
};

struct RecordInfo {
  std::string name;
  const ast::TypeDecl* decl = nullptr;
  size_t module = 0;  // where defaults are evaluated
  std::vector<FieldInfo> fields;
  // A bound study's result (`let pick = sweep ...`): its labelled columns, read once it ran.
  const ast::Study* study = nullptr;
  int field_index(const std::string& n) const {
    for (size_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == n) return static_cast<int>(i);
    return -1;
  }
};

class TypeTable {
 public:
  TypeTable();
  const Type* quantity(const Dim& d);
  const Type* number() { return quantity(Dim{}); }
  const Type* boolean() const { return &bool_; }
  const Type* text() const { return &text_; }
  const Type* any_quantity() const { return &any_quantity_; }
  const Type* error() const { return &error_; }
  RecordInfo* new_record(std::string name, const ast::TypeDecl* decl, size_t module);
  const Type* record(const RecordInfo* r) const { return record_types_.at(r).get(); }
  const Type* list(const Type* elem);

 private:
  Type bool_{TypeKind::Bool, {}, nullptr};
  Type text_{TypeKind::Text, {}, nullptr};
  Type any_quantity_{TypeKind::AnyQuantity, {}, nullptr};
  Type error_{TypeKind::Error, {}, nullptr};
  std::map<std::array<int8_t, kMaxBaseDims>, std::unique_ptr<Type>> quantities_;
  std::vector<std::unique_ptr<RecordInfo>> records_;
  std::map<const RecordInfo*, std::unique_ptr<Type>> record_types_;
  std::map<const Type*, std::unique_ptr<Type>> list_types_;
};

// "Data/Time", "Bool", "Text", "Gpu", "an unset quantity (`none`/`auto`)".
std::string type_name(const Type* t, const DimNames& names);

}  // namespace tco::sema
