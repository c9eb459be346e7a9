// What the engines need to know of a kernel's instructions before running them: whether
// the kernel is well-formed, and at which loop level each instruction is computed.
#pragma once
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace tco::ir {

// "" when every operand names an earlier instruction, every axis, table and output exists
// and the searches nest as search.h says; else what is wrong ("instruction 4: no axis 2").
// The native code generator refuses a kernel that is not well-formed.
std::string check_kernel(const Kernel& k);

// Per instruction: 0 when it depends on no axis, else 1 + the innermost axis it depends on
// (through Index and Table operands); a Uniform draw is innermost, and a search's whole body
// sits at the deepest level of any of its instructions.
std::vector<unsigned> loop_levels(const Kernel& k);

}  // namespace tco::ir
