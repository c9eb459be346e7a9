// The input limits of README "Limits": each has its rule and a diagnostic, never a crash or
// a hang. The ones a golden case cannot hold (files that are not plain files, sizes) are
// here; the others are golden cases in tests/cases/diagnostics and tests/cases/limits.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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
