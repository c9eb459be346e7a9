// Entry point of the type checker.
#pragma once
#include "compiler/sema/program.h"

namespace tco::sema {

// Declares dimensions, units and types of every loaded module, then checks every
// declaration and item, annotating the AST. Returns false when any error was reported.
bool check_program(Program& prog, Diagnostics& diags);

}  // namespace tco::sema
