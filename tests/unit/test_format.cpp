// tcoc fmt: the layout rules one by one, the self-checks, canonical span_text, and the
// driver's in-place, --check and atomic-write behaviour.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/driver/fmt.h"
#include "compiler/syntax/format.h"
#include "compiler/syntax/parse.h"
#include "support.h"
#include "runtime/atomic_file.h"

using namespace tco;
namespace fs = std::filesystem;

namespace {

using tco::test::slurp;

// The formatted text, or "<error>" when the source does not parse.
std::string format(const std::string& src) {
  SourceManager sm;
  Diagnostics diags(sm);
  FileId f = sm.add("t.tco", src);
  auto r = syntax::format_file(f, sm, diags);
  REQUIRE(r.internal_error.empty());
  return r.text ? *r.text : "<error>";
}

fs::path scratch_dir() {
  fs::path d = fs::temp_directory_path() / fs::path("tcoc-fmt-test-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("fmt spaces operators and keeps units, money and suffixes tight", "[fmt]") {
  CHECK(format("let a=3.35  TB/s*2\n") == "let a = 3.35 TB/s * 2\n");
  CHECK(format("let r = $2.49/hr->$/month\n") == "let r = $2.49/hr -> $/month\n");
  CHECK(format("let n = - 3 *-x\n") == "let n = -3 * -x\n");
  CHECK(format("let p = f( a ,b )\n") == "let p = f(a, b)\n");
  CHECK(format("let s = 60 %\n") == "let s = 60%\n");
  CHECK(format("let x = a . b . c\n") == "let x = a.b.c\n");
}

TEST_CASE("fmt keeps what spacing means: 5M against 5 M, and / after a literal", "[fmt]") {
  CHECK(format("let a = 5M\nlet b = 5  M\n") == "let a = 5M\nlet b = 5 M\n");
  CHECK(format("let a = 1 tok /  t\nlet b = 1 tok/t\n") == "let a = 1 tok / t\nlet b = 1 tok/t\n");
}

TEST_CASE("fmt keeps line breaks, collapses blank lines and indents by brackets", "[fmt]") {
  CHECK(format("\n\nlet a = 1\n\n\n\nlet b = 2\n\n") == "let a = 1\n\nlet b = 2\n");
  CHECK(format("let r = R {\n\n      x = 1\n\n}\n") == "let r = R {\n  x = 1\n}\n");
  CHECK(format("let t = a +\nb\n") == "let t = a +\n  b\n");
  CHECK(format("let t = f(a,\nb)\n") == "let t = f(a,\n    b)\n");
  CHECK(format("fn f(a: Number,\n b: Number) -> Number {\nlet c = a\n c + b\n}\n") ==
        "fn f(a: Number,\n    b: Number) -> Number {\n  let c = a\n  c + b\n}\n");
}

TEST_CASE("fmt aligns runs of similar lines, within limits", "[fmt]") {
  CHECK(format("let r = R {\n  a = 1\n  bbb = 2\n}\n") == "let r = R {\n  a   = 1\n  bbb = 2\n}\n");
  CHECK(format("report \"r\" {\n  a: 1\n  bbb: 2\n}\n") == "report \"r\" {\n  a:   1\n  bbb: 2\n}\n");
  // Names 9+ characters apart are not aligned.
  CHECK(format("let a = 1\nlet abcdefghijk = 2\n") == "let a = 1\nlet abcdefghijk = 2\n");
  CHECK(format("let a = 1 // x\nlet bbb = 2   // y\n") == "let a   = 1  // x\nlet bbb = 2  // y\n");
}

TEST_CASE("fmt keeps every comment", "[fmt]") {
  std::string src = "/* head\n   body */\nlet a = 1 /* in */ + 2  // tail\n// last\n";
  CHECK(format(src) == src);
  CHECK(format("let a = 1\r\n// c  \r\n") == "let a = 1\n// c\n");
}

TEST_CASE("fmt is a fixed point on every example and the stdlib", "[fmt]") {
  fs::path root = fs::path(TCOC_STDLIB_DIR).parent_path();
  int n = 0;
  for (const auto* dir : {"examples", "stdlib"})
    for (const auto& e : fs::directory_iterator(root / dir)) {
      if (e.path().extension() != ".tco") continue;
      std::string once = format(slurp(e.path()));
      INFO(e.path().string());
      CHECK(once != "<error>");
      CHECK(format(once) == once);
      ++n;
    }
  CHECK(n >= 10);
}

TEST_CASE("fmt refuses a plan that does not parse", "[fmt]") {
  CHECK(format("let a = (1 +\n") == "<error>");
}

TEST_CASE("span_text is the same however the source is spaced", "[fmt]") {
  for (const char* src : {"let x = a+b*  f( 2 )/ 3 GB/s\n", "let x = a + b * f(2) / 3 GB/s\n",
                          "let x = a +\n   b * f(2)   / 3 GB/s\n"}) {
    SourceManager sm;
    Diagnostics diags(sm);
    FileId f = sm.add("t.tco", src);
    auto m = syntax::parse(f, sm, diags);
    REQUIRE(m);
    CHECK(syntax::span_text(sm, m->lets.at(0).value->span) == "a + b * f(2) / 3 GB/s");
  }
}

TEST_CASE("tcoc fmt rewrites in place, and --check only reports", "[fmt]") {
  fs::path dir = scratch_dir();
  fs::path plan = dir / "plan.tco";
  std::ofstream(plan) << "let a=1\n";
  ::chmod(plan.c_str(), 0640);
  std::string out, err;
  driver::FmtOptions check;
  check.check = true;
  CHECK(driver::fmt_files({plan.string()}, check, out, err, false) == 1);
  CHECK(slurp(plan) == "let a=1\n");
  CHECK(driver::fmt_files({plan.string()}, {}, out, err, false) == 0);
  CHECK(slurp(plan) == "let a = 1\n");
  struct stat st {};
  REQUIRE(::stat(plan.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);  // the rewrite keeps the file's permissions
  CHECK(driver::fmt_files({plan.string()}, check, out, err, false) == 0);
  // A broken plan is never touched.
  std::ofstream(plan) << "let a = (\n";
  CHECK(driver::fmt_files({plan.string()}, {}, out, err, false) == 2);
  CHECK(slurp(plan) == "let a = (\n");
  // Nothing but the plan is left in the folder (no temporary).
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("an atomic write leaves the old file when it cannot write", "[fmt]") {
  fs::path dir = scratch_dir();
  std::string why;
  CHECK_FALSE(rt::write_file_atomically((dir / "missing" / "x.tco").string(), "a", &why));
  CHECK(why == "no such file or directory");
  CHECK_FALSE(rt::write_file_atomically(dir.string(), "a", &why));
  CHECK(why == "it is a directory");
  fs::path f = dir / "x.tco";
  CHECK(rt::write_file_atomically(f.string(), "new", &why));
  CHECK(slurp(f) == "new");
  fs::remove_all(dir);
}

TEST_CASE("a byte order mark is neither a column nor part of what fmt writes", "[fmt]") {
  CHECK(format("\xEF\xBB\xBFlet a=1\n") == "let a = 1\n");
  SourceManager sm;
  Diagnostics diags(sm);
  FileId f = sm.add("t.tco", "\xEF\xBB\xBFlet x = 5 GB + 1 s\n");
  auto m = syntax::parse(f, sm, diags);
  REQUIRE(m);
  const Span s = m->lets.at(0).value->span;
  CHECK(syntax::span_text(sm, s) == "5 GB + 1 s");
  CHECK(sm.file(f).line_col(s.begin).col == 9);
  CHECK(sm.file(f).line_text(1) == "let x = 5 GB + 1 s");
}
