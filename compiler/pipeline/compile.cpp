#include "compiler/pipeline/compile.h"

#include <exception>

#include "compiler/ir/lower.h"
#include "compiler/pipeline/big_stack.h"
#include "compiler/sema/check.h"

namespace tco::pipeline {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

namespace {

void run_stages(Compilation& c, const sema::SearchPaths& paths, const Options& o) {
  auto t = std::chrono::steady_clock::now();
  c.parsed = sema::load_program(c.path, paths, c.program, c.diags, o.overlay);
  c.parse_seconds = seconds_since(t);
  for (FileId f = 1; f < c.sources.size(); ++f)
    if (c.sources.file(f).path == c.path) {
      c.file = f;
      break;
    }
  if (c.parsed && o.after_parse) c.parsed = o.after_parse(c);
  if (!c.parsed || o.until == Stage::Parse) return;
  t = std::chrono::steady_clock::now();
  c.checked = sema::check_program(c.program, c.diags);
  c.check_seconds = seconds_since(t);
  if (!c.checked || o.until == Stage::Check) return;
  // Lowering also reports what needs values (an empty range, a bad sample count).
  t = std::chrono::steady_clock::now();
  c.lowered = ir::lower_program(c.program, c.diags, c.ir);
  c.lower_seconds = seconds_since(t);
}

}  // namespace

std::unique_ptr<Compilation> compile(const std::string& path, const sema::SearchPaths& paths, const Options& o) {
  auto c = std::make_unique<Compilation>();
  c->path = path;
  c->program.index_names = o.index_names;
  // The checker and lowering recurse over expression trees: they get the large stack
  // whoever calls.
  run_on_big_stack([&] {
    if (!o.contain_internal_errors) return run_stages(*c, paths, o);
    try {
      run_stages(*c, paths, o);
    } catch (const std::exception& e) {
      c->internal_error = e.what();
      c->checked = c->lowered = false;
    }
  });
  return c;
}

}  // namespace tco::pipeline
