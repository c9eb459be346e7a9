// The name index: every name the checker resolved (uses and declarations), with where it is
// declared and its type. Editors (compiler/lsp) answer hover, go-to-definition and
// completion from it, so names are resolved once, here, by the rules that check the plan.
#pragma once
#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"
#include "compiler/syntax/ast.h"

namespace tco::sema {

struct Type;
struct RecordInfo;
struct UnitInfo;

enum class NameKind { Let, Local, Param, Axis, Fn, Type, Field, Unit, Dimension, Builtin, Module };

struct NameUse {
  Span at;    // the name as written
  Span decl;  // the declaring name (`at` itself on a declaration); a module's file at 0..0;
              // invalid for builtins
  NameKind kind = NameKind::Let;
  std::string name;
  const Type* type = nullptr;             // values and fields; a Fn's result; a Type's or a Dimension's type
  const ast::LetDecl* let = nullptr;      // Let: a top-level let, whose value is a compile-time constant
  const ast::FnDecl* fn = nullptr;        // Fn; Param: its function
  const RecordInfo* record = nullptr;     // Type; Field: the record it belongs to
  const UnitInfo* unit = nullptr;         // Unit
  // The expression that gives this name its value here, when there is one: a let's value,
  // the access `a.b` itself, the value bound to a field or argument; on the declaration of a
  // field or parameter, its default.
  const ast::Expr* value = nullptr;
  bool is_decl() const { return at.file == decl.file && at.begin == decl.begin && at.end == decl.end; }
};

// The innermost recorded name whose span holds `offset` (its end included, so a cursor just
// after a name finds it), or nullptr.
const NameUse* name_at(const std::vector<NameUse>& uses, FileId file, uint32_t offset);

}  // namespace tco::sema
