#include "compiler/driver/pipeline.h"

#include <chrono>

#include "compiler/driver/big_stack.h"
#include "compiler/ir/lower.h"
#include "compiler/sema/check.h"

namespace tco::driver {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

static void compile_stages(Compilation* c, const std::string& path, const sema::SearchPaths& paths, Stage until,
                           const AfterParse& after_parse);

std::unique_ptr<Compilation> compile(const std::string& path, const sema::SearchPaths& paths, Stage until,
                                     const AfterParse& after_parse) {
  auto c = std::make_unique<Compilation>();
  // The checker and lowering recurse over expression trees: give them the large stack
  // whoever calls (the CLI, tests, tools).
  run_on_big_stack([&] { compile_stages(c.get(), path, paths, until, after_parse); });
  return c;
}

static void compile_stages(Compilation* c, const std::string& path, const sema::SearchPaths& paths, Stage until,
                           const AfterParse& after_parse) {
  auto t = std::chrono::steady_clock::now();
  c->parsed = sema::load_program(path, paths, c->program, c->diags);
  c->parse_seconds = seconds_since(t);
  if (c->parsed && after_parse) c->parsed = after_parse(*c);
  if (!c->parsed || until == Stage::Parse) return;
  t = std::chrono::steady_clock::now();
  c->checked = sema::check_program(c->program, c->diags);
  c->check_seconds = seconds_since(t);
  if (!c->checked || until == Stage::Check) return;
  t = std::chrono::steady_clock::now();
  c->lowered = ir::lower_program(c->program, c->diags, c->ir);
  c->lower_seconds = seconds_since(t);
}

}  // namespace tco::driver
