// What the engines need to know of a kernel's instructions before running them: whether
// the kernel is well-formed, what each instruction depends on, and at which loop level each
// is computed. The interpreter, the code generator, pruning, tiering and charts all read
// these, so that the engines agree on what varies from point to point.
#pragma once
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace tco::ir {

// "" when every operand names an earlier instruction, every axis, table and output exists
// and the searches nest as search.h says; else what is wrong ("instruction 4: no axis 2").
// The native code generator refuses a kernel that is not well-formed.
std::string check_kernel(const Kernel& k);

// For each instruction, the set of axes its value depends on: bit k for axis k, through
// Index, Table and search operands (a search's result: its count and its condition). Kernels
// have few axes; one numbered 64 or more, like a random draw, sets every bit (depends on
// anything). 0: computed once for the whole kernel.
std::vector<uint64_t> axis_dependencies(const Kernel& k);

// Where each instruction is computed in the loop nest, which axis_dependencies bounds from
// below (1 + its innermost axis) but a search raises: per instruction, 0 when it depends on
// no axis, else else 1 + the innermost axis it depends on
// (through Index and Table operands); a Uniform draw is innermost, and a search's whole body
// sits at the deepest level of any of its instructions.
std::vector<unsigned> loop_levels(const Kernel& k);

}  // namespace tco::ir
