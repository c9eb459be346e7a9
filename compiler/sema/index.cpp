#include "compiler/sema/index.h"

namespace tco::sema {

const NameUse* name_at(const std::vector<NameUse>& uses, FileId file, uint32_t offset) {
  const NameUse* best = nullptr;
  for (const auto& u : uses) {
    if (u.at.file != file || offset < u.at.begin || offset > u.at.end) continue;
    // Nested spans (`gpu.bandwidth` records `bandwidth` only, but a unit factor can sit in a
    // literal's span): the narrowest is what the cursor is on. The first recorded wins ties.
    if (!best || u.at.end - u.at.begin < best->at.end - best->at.begin) best = &u;
  }
  return best;
}

}  // namespace tco::sema
