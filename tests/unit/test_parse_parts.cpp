// compiler/syntax/parse.cpp parses a file a few thousand tokens at a time (SLL, each part
// freed once built) and falls back to one LL parse of the whole file for anything that way
// does not accept. Both ways must give the same AST, token layout and diagnostics: checked
// here with parts cut at every item, on every plan of the repository and on the cases where
// the two ways could part (errors at a cut, a builder error before a syntax error, items on
// one line, decorators). The fuzz targets check every input the same way.
#include <catch2/catch.hpp>

#include <filesystem>

#include "compiler/syntax/parse.h"
#include "support.h"

TEST_CASE("parse in parts: every plan of the repository parses as it does whole", "[syntax]") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(TCOC_STDLIB_DIR).parent_path();
  size_t files = 0;
  for (const char* dir : {"stdlib", "examples", "tests/cases", "tests/fuzz/regressions"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      // the fuzz regressions are raw inputs, whatever their names
      if (!e.is_regular_file() || (e.path().extension() != ".tco" && std::string(dir) != "tests/fuzz/regressions"))
        continue;
      ++files;
      INFO(e.path().string());
      const std::string text = tco::test::slurp(e.path());
      CHECK(tco::syntax::compare_parse_paths(text, 1) == "");
      CHECK(tco::syntax::compare_parse_paths(text, 40) == "");
    }
  }
  CHECK(files > 150);
}

TEST_CASE("parse in parts: where the two ways could part", "[syntax]") {
  const char* cases[] = {
      // an expression cut short where the next item starts
      "let x =\nlet y = 2\n",
      "let a = 1\nlet x = 2 +\nlet y = 3\n",
      // items sharing a line, and a keyword after `.` (a field, not an item)
      "let a = 1 let b = 2 report \"r\" { x: a + b }\n",
      "type T { let: Number = 1 }\nlet t = T {}\nlet u = t.let\n",
      // a builder error first, a syntax error further down: the syntax error is reported
      "sweep \"s\" {\n  over x in 1 .. 3\n  best min x\n  best max x\n  show x\n}\nlet y = (\n",
      // a builder error alone
      "sweep \"s\" {\n  over x in 1 .. 3\n  best min x\n  best max x\n  show x\n}\nlet y = 2\n",
      // decorated units, whose `unit` never starts a part
      "dimension Foo\n@prefixes(si) unit foo: Foo\nlet a = 3 kfoo\n@prefixes(si, binary)\nunit bar = 2 foo\n",
      // unbalanced brackets
      "let a = (1 + 2\nlet b = 3\n",
      "let a = 1 )\nlet b = 3\n",
      "report \"r\" {\n  x: 1\nlet b = 3\n",
      // function bodies, literal units across lines
      "fn f(x: Number) -> Number {\n  let y = x * 2\n  y + 1\n}\nlet z = f(2)\nlet w = 5 GB/s\nlet v = 5\nGB\n",
      "",
      "// only a comment\n",
  };
  for (const char* c : cases) {
    INFO(c);
    CHECK(tco::syntax::compare_parse_paths(c, 1) == "");
  }
}
