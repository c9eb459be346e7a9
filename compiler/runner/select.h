// `tcoc run --only TITLE`: which items of a lowered plan run when the analyst asks for some
// by title (an editor's "run this sweep"), and which titles named nothing.
#pragma once
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace tco::runner {

// Items of a program, as a set: the ones `--only` runs, or (tiering.h) the kernels compiled.
struct Selection {
  std::vector<bool> chosen[3];  // by ir::ItemKind, then index
  bool wants(ir::ItemKind kind, size_t i) const {
    const auto& w = chosen[static_cast<size_t>(kind)];
    return i < w.size() && w[i];
  }
};

// The reports and studies titled as asked, and every bound study they read (`pick.cost`),
// which must run first to give them their figures; no assert: an assert checks the whole
// plan, which is not run. Titles that name no report or study go to `unknown`.
Selection select_titles(const ir::Program& prog, const std::vector<std::string>& titles,
                        std::vector<std::string>* unknown);

}  // namespace tco::runner
