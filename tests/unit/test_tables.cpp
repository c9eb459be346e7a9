// compiler/tables: CSV files split into cells, each at its place in the file.
#include <catch2/catch.hpp>

#include "compiler/tables/csv.h"

using tco::SourceManager;
using tco::tables::CsvProblem;
using tco::tables::read_csv;

namespace {

// The line and column (1-based) where `span` starts.
std::pair<uint32_t, uint32_t> where(const SourceManager& sm, const tco::Span& span) {
  auto lc = sm.file(span.file).line_col(span.begin);
  return {lc.line, lc.col};
}

std::string text_at(const SourceManager& sm, const tco::Span& span) {
  return sm.file(span.file).text.substr(span.begin, span.end - span.begin);
}

}  // namespace

TEST_CASE("a CSV file splits into a header and rows of cells with their places", "[tables]") {
  SourceManager sm;
  auto f = sm.add("m.csv", "gpu,batch,value\nH100_SXM, 8 ,12.5\r\n\"B200, HGX\",\"a \"\"b\"\"\",3\n\nL4,1,2");
  auto r = read_csv(f, sm);
  REQUIRE(r.csv);
  const auto& csv = *r.csv;
  REQUIRE(csv.header.size() == 3);
  CHECK(csv.header[2].text == "value");
  REQUIRE(csv.rows.size() == 3);  // the blank line is skipped
  CHECK(csv.rows[0][1].text == "8");
  CHECK(text_at(sm, csv.rows[0][1].span) == "8");
  CHECK(where(sm, csv.rows[0][1].span) == std::make_pair(2u, 11u));
  CHECK(csv.rows[1][0].text == "B200, HGX");
  CHECK(text_at(sm, csv.rows[1][0].span) == "\"B200, HGX\"");
  CHECK(where(sm, csv.rows[1][0].span) == std::make_pair(3u, 1u));
  CHECK(csv.rows[1][1].text == "a \"b\"");
  CHECK(where(sm, csv.rows[1][2].span) == std::make_pair(3u, 23u));
  CHECK(csv.rows[2][2].text == "2");  // the last cell, with no newline after it
  CHECK(where(sm, csv.rows[2][2].span) == std::make_pair(5u, 6u));
}

TEST_CASE("a CSV file that is not well formed says where", "[tables]") {
  SourceManager sm;
  auto problem = [&](const std::string& text) {
    auto r = read_csv(sm.add("m.csv", text), sm);
    REQUIRE(r.problem);
    return *r.problem;
  };
  auto ragged = problem("a,b,c\n1,2,3\n4,5\n");
  CHECK(ragged.kind == CsvProblem::Ragged);
  CHECK(ragged.cells == 2);
  CHECK(ragged.expected == 3);
  CHECK(where(sm, ragged.at) == std::make_pair(3u, 1u));
  auto quote = problem("a,b\n\"x\"y,2\n");
  CHECK(quote.kind == CsvProblem::BadQuote);
  CHECK(where(sm, quote.at).first == 2);
  auto open = problem("a,b\n1,\"never closed\n");
  CHECK(open.kind == CsvProblem::Unterminated);
  CHECK(where(sm, open.at) == std::make_pair(2u, 3u));
  CHECK(problem("").kind == CsvProblem::NoHeader);
  CHECK(problem("\n\n").kind == CsvProblem::NoHeader);
}
