#pragma once
#include <string>

#include "compiler/sema/program.h"

namespace tco::sema {

// `--emit=typed`: the plan's declarations and items, every operation parenthesised (so the
// reading of `50 GB / 2 s` as `(50 GB) / (2 s)` is visible) and every binding typed.
std::string print_typed(const Program& prog);

}  // namespace tco::sema
