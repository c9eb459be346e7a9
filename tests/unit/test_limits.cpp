// The input limits of README "Limits": each has its rule and a diagnostic, never a crash or
// a hang. The ones a golden case cannot hold (files that are not plain files, sizes, the
// stack) are here; the others are golden cases in tests/cases/diagnostics and tests/cases/limits.
#include <catch2/catch.hpp>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <new>

#include "compiler/ir/lower.h"
#include "compiler/runner/memory.h"
#include "compiler/sema/check.h"
#include "support.h"

using tco::test::TempPlan;

namespace {

tco::test::Run check(const std::string& path) {
  tco::test::Run r;
  r.code = tco::driver::tcoc_main({"run", "--format", "json", path}, r.out, r.err, false);
  return r;
}

}  // namespace

TEST_CASE("limits: a 10 MB plan of 235,000 chained lets parses, checks and runs") {
  // Each let refers to the one before: name resolution, checking and lowering all walk a
  // chain 235,000 deep, which a recursive pass on a default 8 MiB stack would not survive.
  std::string text = "let a_0000000 = 0 GB\n";
  size_t n = 0;
  while (text.size() < 10'000'000) {
    ++n;
    text += fmt::format("let a_{:07d} = a_{:07d} + 1 GB // {}\n", n, n - 1, n);
  }
  text += fmt::format("report \"end\" {{\n  last: a_{:07d} -> GB\n}}\n", n);
  REQUIRE(text.size() > 10'000'000);
  TempPlan p(text);
  auto r = check(p.path());
  REQUIRE(r.code == 0);
  CHECK(tco::test::row(r.json(), "last") == double(n));
}

TEST_CASE("limits: a plan over 16 MiB is refused before it is read") {
  TempPlan p("");
  std::filesystem::resize_file(p.path(), (16u << 20) + 1);  // sparse: costs no disk
  auto r = check(p.path());
  CHECK(r.code == 3);
  CHECK(r.err.find("error[E0001]") != std::string::npos);
  CHECK(r.err.find("16777217 bytes is larger than the 16 MiB a plan may have") != std::string::npos);
}

TEST_CASE("limits: a FIFO given as the plan is refused, not waited on") {
  TempPlan p("let x = 1");
  std::string fifo = (p.dir() / "pipe.tco").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto r = check(fifo);
  CHECK(r.code == 3);
  CHECK(r.err.find("cannot read `" + fifo + "`: it is not a regular file") != std::string::npos);
  // The same through an import.
  p.add("main.tco", "import pipe\nlet y = 1");
  r = check((p.dir() / "main.tco").string());
  CHECK(r.code != 0);
  CHECK(r.err.find("it is not a regular file") != std::string::npos);
}

TEST_CASE("limits: an unreadable plan is an error naming the file") {
  TempPlan p("let x = 1");
  REQUIRE(::chmod(p.path().c_str(), 0) == 0);
  auto r = check(p.path());
  if (::access(p.path().c_str(), R_OK) == 0) {
    // Root reads the file anyway (CI runs as root): then it must simply run.
    CHECK(r.code == 0);
  } else {
    CHECK(r.code == 3);
    CHECK(r.err.find("cannot read `" + p.path() + "`: permission denied or unreadable") != std::string::npos);
  }
}

TEST_CASE("limits: a path through a file, or an empty path, is an error") {
  TempPlan p("let x = 1");
  auto r = check(p.path() + "/inner.tco");
  CHECK(r.code == 3);
  CHECK(r.err.find("error[E0001]") != std::string::npos);
  r = check("");
  CHECK(r.code != 0);
  CHECK(r.err.find("error") != std::string::npos);
}

namespace {

// Runs `fn` on a thread with `bytes` of stack: the checker and lowering normally get 512
// MiB (big_stack.h), which a test would need a 10 MB plan to exhaust.
void on_stack_of(size_t bytes, const std::function<void()>& fn) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, bytes);
  pthread_t thread;
  auto trampoline = [](void* f) -> void* {
    (*static_cast<const std::function<void()>*>(f))();
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attr, trampoline, const_cast<std::function<void()>*>(&fn)) == 0);
  pthread_attr_destroy(&attr);
  pthread_join(thread, nullptr);
}

constexpr size_t kSmallStack = size_t(8) << 20;

// `fn f0() -> Number = f1() + 1` ... `fn f{n}() -> Number = 0`: each call nests the next.
std::string function_chain(size_t n) {
  std::string text = "report \"end\" {\n  first: f0()\n}\n";
  for (size_t i = 0; i < n; ++i) text += fmt::format("fn f{}() -> Number = f{}() + 1\n", i, i + 1);
  return text + fmt::format("fn f{}() -> Number = 0\n", n);
}

std::vector<std::string> codes(const tco::Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.list()) out.push_back(tco::info(d.kind).code);
  return out;
}

}  // namespace

TEST_CASE("limits: a chain of definitions deeper than the stack is E0124, not a crash", "[E0124]") {
  // 10,000 functions each calling the next need about 22 MB of stack to check (more under the
  // sanitizers): four times what this thread has.
  TempPlan p(function_chain(10'000));
  tco::pipeline::Compilation c;
  REQUIRE(tco::sema::load_program(p.path(), tco::sema::SearchPaths::from_environment(), c.program, c.diags));
  bool checked = true;
  on_stack_of(kSmallStack, [&] { checked = tco::sema::check_program(c.program, c.diags); });
  CHECK_FALSE(checked);
  // Reported once, where the stack ran out (inside the chain), not once per level.
  CHECK(codes(c.diags) == std::vector<std::string>{"E0124"});
  std::string shown = c.diags.render(false);
  CHECK(shown.find("error[E0124]: definitions depend on one another too deeply") != std::string::npos);
  CHECK(shown.find("= hint: write the repeated step in fewer definitions") != std::string::npos);
}

TEST_CASE("limits: lowering that runs out of stack is E0124 too", "[E0124]") {
  // Checked with room to spare, then lowered (every call inlined into the report) on the
  // small stack.
  TempPlan p(function_chain(10'000));
  tco::pipeline::Compilation c;
  REQUIRE(tco::sema::load_program(p.path(), tco::sema::SearchPaths::from_environment(), c.program, c.diags));
  bool checked = false, lowered = true;
  on_stack_of(size_t(512) << 20, [&] { checked = tco::sema::check_program(c.program, c.diags); });
  REQUIRE(checked);
  on_stack_of(kSmallStack, [&] { lowered = tco::ir::lower_program(c.program, c.diags, c.ir); });
  CHECK_FALSE(lowered);
  CHECK(codes(c.diags) == std::vector<std::string>{"E0124"});
}

TEST_CASE("limits: a chain of lets in any order is checked and lowered without recursion") {
  // 50,000 lets, each naming the one after it (the order that made checking recurse once
  // per let), and the same chain listed the other way: both fit the small stack.
  for (bool reversed : {false, true}) {
    const size_t n = 50'000;
    std::vector<std::string> lets;
    for (size_t i = 0; i < n; ++i) lets.push_back(fmt::format("let a{} = a{} + 1 s\n", i, i + 1));
    lets.push_back(fmt::format("let a{} = 0 s\n", n));
    if (reversed) std::reverse(lets.begin(), lets.end());
    std::string text = "report \"end\" {\n  first: a0\n}\n";
    for (const auto& l : lets) text += l;
    TempPlan p(text);
    tco::pipeline::Compilation c;
    REQUIRE(tco::sema::load_program(p.path(), tco::sema::SearchPaths::from_environment(), c.program, c.diags));
    bool checked = false, lowered = false;
    on_stack_of(kSmallStack, [&] {
      checked = tco::sema::check_program(c.program, c.diags);
      if (checked) lowered = tco::ir::lower_program(c.program, c.diags, c.ir);
    });
    CHECK(codes(c.diags).empty());
    CHECK(checked);
    CHECK(lowered);
  }
}

TEST_CASE("limits: a record type nested 30,000 deep folds, lowers and runs") {
  // T0 holds a T1 by default, which holds a T2, ...: its constant is a tree 30,000 deep,
  // which lowering once copied at every level (quadratic: 250,000 levels took hours).
  const size_t n = 30'000;
  std::string text = "let t = T0 {}\nreport \"end\" {\n  y: t.x.x.y\n}\n";
  for (size_t i = 0; i < n; ++i)
    text += fmt::format("type T{} {{\n  y: Number = {}\n  x: T{} = T{} {{}}\n}}\n", i, i, i + 1, i + 1);
  text += fmt::format("type T{} {{ y: Number = 1 }}\n", n);
  TempPlan p(text);
  for (bool jit : {true, false}) {
    tco::test::Run r;
    std::vector<std::string> args = {"run", "--format", "json", p.path()};
    args.insert(args.begin() + 1, jit ? "--jit" : "--no-jit");
    r.code = tco::driver::tcoc_main(args, r.out, r.err, false);
    REQUIRE(r.code == 0);
    CHECK(tco::test::row(r.json(), "y") == 2.0);
  }
}

TEST_CASE("limits: an allocation the machine cannot serve throws std::bad_alloc, never aborts", "[limits]") {
  // tcoc reports running out of memory (E0304, exit 3) by catching std::bad_alloc; the
  // allocator behind operator new must throw it (mimalloc's own operator new would abort).
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's operator new aborts on a request past its own ceiling (1 TiB) instead
  // of throwing, whatever ASAN_OPTIONS says: in that build this test cannot say anything
  // about the allocator tcoc ships with, which it does in every other.
  WARN("skipped under AddressSanitizer, whose operator new aborts rather than throw");
  return;
#endif
  tco::runner::configure_allocator();
  volatile size_t huge = size_t(1) << 52;  // 4 PiB
  CHECK_THROWS_AS(std::make_unique<char[]>(huge), std::bad_alloc);
}
