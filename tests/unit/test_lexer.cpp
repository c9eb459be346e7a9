// compiler/syntax/lexer.cpp against its reference, ANTLR's lexer generated from the same
// grammar: the same tokens, code point positions, lines and columns, and error tokens, on
// every plan of the repository, on the corner cases of each lexer rule, and on random text
// drawn from the characters the rules care about. The fuzz targets check every input too.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "compiler/syntax/parse.h"
#include "support.h"

namespace {

using tco::test::slurp;

namespace fs = std::filesystem;

}  // namespace

TEST_CASE("lexer: the repository's plans lex as ANTLR's lexer lexes them", "[lexer]") {
  const fs::path root = fs::path(TCOC_STDLIB_DIR).parent_path();
  size_t files = 0;
  for (const char* dir : {"stdlib", "examples", "tests/cases", "tests/fuzz/regressions", "tests/editors"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (!e.is_regular_file()) continue;
      ++files;
      INFO(e.path().string());
      CHECK(tco::syntax::compare_lexers(slurp(e.path())) == "");
    }
  }
  CHECK(files > 300);
}

TEST_CASE("lexer: each rule's corner cases", "[lexer]") {
  const char* cases[] = {
      // numbers: NUMBER against BAD_NUMBER (the longer wins, NUMBER on a tie)
      "1", "1_000_000", "1__0", "1_", "2.5_", "1._5", "1.", "1..5", "3.35", "2.5e-3", "2.5e", "2.5e+", "1e5", "1e_5",
      "1E+1_0", "0.1.2", "5M", "5GB/s", "1_2.3_4e5_6", "9" "e" "-" "_",
      // names and keywords
      "let", "let_x", "_", "letx", "min max", "x1y2", "over in where", "Let",
      // strings
      "\"a\"", "\"a", "\"a\\\"b\"", "\"a\\", "\"a\\\nb\"", "\"\\\\\"", "\"x\r\n", "\"é\"", "\"a\\é\"",
      // comments and space
      "// c\nx", "/* c */x", "/* c", "/* * / */ y", "/*/ x", "/**/", "/* a\nb */ c", "/*a***/b", "/*a**", "x//",
      "a\tb\fc\vd\re\nf", "\xEF\xBB\xBFlet x = 1", "a\xEF\xBB\xBF b", "\xEF\xBB\xBF",
      // operators, longest first
      "->", "-->", "..", "...", "==", "=", "!=", "!", "<=", "<", ">=", ">", "&&", "&", "||", "|", "^", "@$%", "(){}[],:.",
      // stray characters, ASCII and not
      "#", "`", "~", "?", "\\", "'", "µs", "5 μs", "€", "𝔁", "\x01", "\x7F",
      // positions after multi-byte characters and line breaks
      "\"ü\" x\n  é y\r\nz", "x\n\n\n  y", "",
  };
  for (const char* c : cases) {
    INFO(c);
    CHECK(tco::syntax::compare_lexers(c) == "");
  }
}

TEST_CASE("lexer: random text over the characters the rules distinguish", "[lexer]") {
  const std::vector<std::string> alphabet = {
      "0", "1", "9", "_", ".", "e", "E", "+", "-", "a", "l", "t", "let", "x", "\"", "\\", "/", "*", " ", "\n",
      "\r\n", "\t", "<", ">", "=", "!", "&", "|", "(", ")", "{", "}", "$", "%", "@", "#", "é", "\xEF\xBB\xBF", "µ"};
  std::mt19937 rng(20261205);
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    size_t len = rng() % 24;
    for (size_t i = 0; i < len; ++i) text += alphabet[rng() % alphabet.size()];
    INFO(text);
    REQUIRE(tco::syntax::compare_lexers(text) == "");
  }
}
