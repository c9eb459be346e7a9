// compiler/tables: CSV files split into cells, each at its place in the file.
#include <catch2/catch.hpp>

#include "compiler/tables/cells.h"
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

namespace {

// The one cell of a one-column file whose single row is `cell`.
struct OneCell {
  SourceManager sm;
  tco::tables::Cell cell;
  explicit OneCell(const std::string& cell_text) {
    auto f = sm.add("c.csv", "x\n" + cell_text + "\n");
    auto r = read_csv(f, sm);
    REQUIRE(r.csv);
    cell = r.csv->rows.at(0).at(0);
  }
};

std::vector<std::pair<std::string, int>> factors(const tco::ast::Product& p) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& f : p.factors) out.emplace_back(f.name, f.power);
  return out;
}

}  // namespace

TEST_CASE("a number cell: the number, its count suffix and the unit written after it", "[tables]") {
  using F = std::vector<std::pair<std::string, int>>;
  auto number = [](const std::string& text) {
    OneCell c(text);
    std::string why;
    auto n = tco::tables::parse_number_cell(c.cell, c.sm, &why);
    INFO(text << ": " << why);
    REQUIRE(n);
    return *n;
  };
  CHECK(number("2.49").value == 2.49);
  CHECK(number("2.49").unit.factors.empty());
  CHECK(number("\"1,234.5\"").value == 1234.5);
  CHECK(number("1_000").value == 1000);
  CHECK(number("5M").value == 5e6);
  CHECK(number("-3e2").value == -300);
  auto money = number("$2.49/hr");
  CHECK(money.value == 2.49);
  CHECK(factors(money.unit) == F{{"$", 1}, {"hr", -1}});
  CHECK(money.unit.text == "$/hr");
  CHECK(factors(number("5MB").unit) == F{{"MB", 1}});  // `MB` is a unit, not the suffix `M`
  CHECK(factors(number("80 GB").unit) == F{{"GB", 1}});
  CHECK(factors(number("60%").unit) == F{{"%", 1}});
  CHECK(factors(number("3 tok/s/user").unit) == F{{"tok", 1}, {"s", -1}, {"user", -1}});
  CHECK(factors(number("2 $/GPU hr").unit) == F{{"$", 1}, {"GPU", -1}, {"hr", -1}});
  CHECK(factors(number("4 m^2 * s^-1").unit) == F{{"m", 2}, {"s", -1}});
  // Each factor is placed at its own characters of the file, quotes or not.
  OneCell quoted("\"$2.49/hr\"");
  std::string why;
  auto q = tco::tables::parse_number_cell(quoted.cell, quoted.sm, &why);
  REQUIRE(q);
  CHECK(text_at(quoted.sm, q->unit.factors[1].span) == "hr");
  CHECK(where(quoted.sm, q->unit.factors[0].span) == std::make_pair(2u, 2u));
}

TEST_CASE("a cell that is no number says why", "[tables]") {
  for (const char* text : {"cheap", "$", ".", "2.5 /", "3 GB//s", "4 m^x", "4 m^0"}) {
    OneCell c(text);
    std::string why;
    INFO(text);
    CHECK_FALSE(tco::tables::parse_number_cell(c.cell, c.sm, &why));
    CHECK_FALSE(why.empty());
  }
}

TEST_CASE("a header: a name and, in brackets, a unit", "[tables]") {
  auto header = [](const std::string& text, std::string* why) {
    OneCell c("\"" + text + "\"");
    return tco::tables::parse_header(c.cell, c.sm, why);
  };
  std::string why;
  auto plain = header("provider", &why);
  REQUIRE(plain);
  CHECK(plain->name == "provider");
  CHECK_FALSE(plain->unit);
  auto rent = header("rent ($/hr)", &why);
  REQUIRE(rent);
  CHECK(rent->name == "rent");
  REQUIRE(rent->unit);
  CHECK(factors(*rent->unit) == std::vector<std::pair<std::string, int>>{{"$", 1}, {"hr", -1}});
  auto square = header("bw [GB/s]", &why);
  REQUIRE(square);
  CHECK(square->name == "bw");
  CHECK_FALSE(header("pue (1/", &why));
  CHECK_FALSE(header("rent ($/hr) extra", &why));
}
