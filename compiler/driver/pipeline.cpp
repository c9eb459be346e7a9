#include "compiler/driver/pipeline.h"

#include "compiler/ir/lower.h"
#include "compiler/sema/check.h"

namespace tco::driver {

std::unique_ptr<Compilation> compile(const std::string& path, const sema::SearchPaths& paths, Stage until) {
  auto c = std::make_unique<Compilation>();
  c->parsed = sema::load_program(path, paths, c->program, c->diags);
  if (!c->parsed || until == Stage::Parse) return c;
  c->checked = sema::check_program(c->program, c->diags);
  if (!c->checked || until == Stage::Check) return c;
  c->lowered = ir::lower_program(c->program, c->diags, c->ir);
  return c;
}

}  // namespace tco::driver
