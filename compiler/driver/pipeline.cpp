#include "compiler/driver/pipeline.h"

#include <chrono>

#include "compiler/ir/lower.h"
#include "compiler/sema/check.h"

namespace tco::driver {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

std::unique_ptr<Compilation> compile(const std::string& path, const sema::SearchPaths& paths, Stage until) {
  auto c = std::make_unique<Compilation>();
  auto t = std::chrono::steady_clock::now();
  c->parsed = sema::load_program(path, paths, c->program, c->diags);
  c->parse_seconds = seconds_since(t);
  if (!c->parsed || until == Stage::Parse) return c;
  t = std::chrono::steady_clock::now();
  c->checked = sema::check_program(c->program, c->diags);
  c->check_seconds = seconds_since(t);
  if (!c->checked || until == Stage::Check) return c;
  t = std::chrono::steady_clock::now();
  c->lowered = ir::lower_program(c->program, c->diags, c->ir);
  c->lower_seconds = seconds_since(t);
  return c;
}

}  // namespace tco::driver
