#include <catch2/catch.hpp>

#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/format.h"

using namespace tco::rt;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// A report with a monthly figure, a sweep, a simulation and two asserts.
RunResult sample() {
  RunResult r;
  r.reports.push_back({"Support bot",
                       {{"hopper", Cell::num(1.2345), "$/Mtok", NumberStyle::Money},
                        {"blackwell", Cell::num(0.294), "$/Mtok", NumberStyle::Money},
                        {"saving", Cell::num(48500), "$/month", NumberStyle::Money},
                        {"fits", Cell::flag(true), "", NumberStyle::Plain}}});
  Table sweep;
  sweep.title = "Cheapest GPU per batch size";
  sweep.columns = {{"gpu.name", "", NumberStyle::Plain},
                   {"batch", "", NumberStyle::Count},
                   {"s.cost_per_mtok", "$/Mtok", NumberStyle::Money}};
  sweep.rows = {{Cell::str("H100_SXM"), Cell::num(64), Cell::num(0.4123)},
                {Cell::str("B200"), Cell::num(512), Cell::num(12.5)}};
  sweep.notes = {"2 of 40 points met `where`"};
  r.sweeps.push_back(sweep);
  Table sim;
  sim.title = "Rental price risk";
  sim.columns = {{"p50(cost)", "$/Mtok", NumberStyle::Money}, {"ok", "", NumberStyle::Plain}};
  sim.rows = {{Cell::num(kNaN), Cell::flag(false)}};
  r.simulations.push_back(sim);
  r.asserts = {{"Blackwell under $1/Mtok", true, ""},
               {"Hopper under $1/Mtok", false, "cost = 1.23 $/Mtok, limit 1 $/Mtok"}};
  r.order = {{ItemKind::Report, 0}, {ItemKind::Sweep, 0}, {ItemKind::Simulation, 0},
             {ItemKind::Assert, 0}, {ItemKind::Assert, 1}};
  return r;
}

}  // namespace

TEST_CASE("format_human: money in cents, small money to 3 significant digits", "[format]") {
  CHECK(format_human(50000, NumberStyle::Money) == "50,000.00");
  CHECK(format_human(1234.567, NumberStyle::Money) == "1,234.57");
  CHECK(format_human(1, NumberStyle::Money) == "1.00");
  CHECK(format_human(0.294, NumberStyle::Money) == "0.294");
  CHECK(format_human(0.0123, NumberStyle::Money) == "0.0123");
  CHECK(format_human(0.9999, NumberStyle::Money) == "1.00");  // rounds up into cents
  CHECK(format_human(0, NumberStyle::Money) == "0.00");
  CHECK(format_human(-0.0, NumberStyle::Money) == "0.00");
  CHECK(format_human(-48500, NumberStyle::Money) == "-48,500.00");
  CHECK(format_human(-0.294, NumberStyle::Money) == "-0.294");
  CHECK(format_human(10000.95, NumberStyle::Money) == "10,000.95");  // Numbat #179
  CHECK(format_human(1.2e-9, NumberStyle::Money) == "1.20e-09");
}

TEST_CASE("format_human: plain numbers", "[format]") {
  CHECK(format_human(5e9, NumberStyle::Count) == "5,000,000,000");
  CHECK(format_human(5e6, NumberStyle::Plain) == "5,000,000");
  CHECK(format_human(999, NumberStyle::Plain) == "999");
  CHECK(format_human(12345.6, NumberStyle::Plain) == "12,346");
  CHECK(format_human(999.96, NumberStyle::Plain) == "1,000");
  CHECK(format_human(123.456, NumberStyle::Plain) == "123.5");
  CHECK(format_human(1.5, NumberStyle::Plain) == "1.5");
  CHECK(format_human(0.00123456, NumberStyle::Plain) == "0.001235");
  CHECK(format_human(0.1, NumberStyle::Percent) == "0.1");
  CHECK(format_human(60, NumberStyle::Percent) == "60");
  CHECK(format_human(1.23456e18, NumberStyle::Plain) == "1.235e+18");
  CHECK(format_human(1e15, NumberStyle::Plain) == "1e+15");
  CHECK(format_human(1.5e-7, NumberStyle::Plain) == "1.5e-07");
  CHECK(format_human(0, NumberStyle::Plain) == "0");
  CHECK(format_human(-12345.6, NumberStyle::Plain) == "-12,346");
  CHECK(format_human(-1.5, NumberStyle::Plain) == "-1.5");
  CHECK(format_human(-1.23456e18, NumberStyle::Count) == "-1.235e+18");
}

TEST_CASE("format_human spells +inf as none, format_exact as inf; NaN and -inf as such", "[format]") {
  for (auto style : {NumberStyle::Plain, NumberStyle::Money}) {
    CHECK(format_human(kNaN, style) == "NaN");
    CHECK(format_human(kInf, style) == "none");  // +inf is the value of `none`
    CHECK(format_human(-kInf, style) == "-inf");
  }
  CHECK(format_exact(kNaN) == "NaN");
  CHECK(format_exact(-kInf) == "-inf");
  CHECK(format_exact(0.1) == "0.1");
  CHECK(format_exact(0.1 + 0.2) == "0.30000000000000004");
  CHECK(std::stod(format_exact(1.0 / 3)) == 1.0 / 3);
}

TEST_CASE("json: all four keys in order, NaN as null, booleans", "[format][json]") {
  const std::string text = write(sample(), Format::Json);
  CHECK(text.back() == '\n');
  CHECK(text.find("\n  \"reports\": [") != std::string::npos);  // 2-space indent
  CHECK(text.find("\"reports\"") < text.find("\"sweeps\""));
  CHECK(text.find("\"sweeps\"") < text.find("\"simulations\""));
  CHECK(text.find("\"simulations\"") < text.find("\"asserts\""));
  const auto j = nlohmann::json::parse(text);
  CHECK(j.size() == 4);
  CHECK(j["reports"][0]["title"] == "Support bot");
  CHECK(j["reports"][0]["rows"][0] == nlohmann::json{{"label", "hopper"}, {"value", 1.2345}, {"unit", "$/Mtok"}});
  CHECK(j["reports"][0]["rows"][3]["value"] == true);
  CHECK(j["sweeps"][0]["columns"][2] == nlohmann::json{{"name", "s.cost_per_mtok"}, {"unit", "$/Mtok"}});
  CHECK(j["sweeps"][0]["rows"][0] == nlohmann::json::parse(R"(["H100_SXM", 64, 0.4123])"));
  CHECK(j["simulations"][0]["rows"][0][0].is_null());
  CHECK(j["simulations"][0]["rows"][0][1] == false);
  CHECK(j["asserts"][1] == nlohmann::json{{"message", "Hopper under $1/Mtok"}, {"passed", false}});
  CHECK(j.dump().find("notes") == std::string::npos);
  // Key order inside objects, too.
  CHECK(text.find("\"label\"") < text.find("\"value\""));
  CHECK(text.find("\"value\"") < text.find("\"unit\""));
  CHECK(text.find("\"columns\"") < text.find("\"rows\": [\n        ["));

  const std::string empty = write(RunResult{}, Format::Json);
  CHECK(empty == "{\n  \"reports\": [],\n  \"sweeps\": [],\n  \"simulations\": [],\n  \"asserts\": []\n}\n");
}

TEST_CASE("table: aligned columns, units in headers, month note, asserts", "[format][table]") {
  const std::string text = write(sample(), Format::Table);
  const std::string expected =
      "Support bot\n"
      "  hopper          1.23  $/Mtok\n"
      "  blackwell      0.294  $/Mtok\n"
      "  saving     48,500.00  $/month\n"
      "  fits             yes\n"
      "  month = 1/12 year = 30.44 days\n"
      "\n"
      "Cheapest GPU per batch size\n"
      "  gpu.name  batch  s.cost_per_mtok ($/Mtok)\n"
      "  --------  -----  ------------------------\n"
      "  H100_SXM     64                     0.412\n"
      "  B200        512                     12.50\n"
      "  2 of 40 points met `where`\n"
      "\n"
      "Rental price risk\n"
      "  p50(cost) ($/Mtok)  ok\n"
      "  ------------------  --\n"
      "                 NaN  no\n"
      "\n"
      "PASS  Blackwell under $1/Mtok\n"
      "FAIL  Hopper under $1/Mtok: cost = 1.23 $/Mtok, limit 1 $/Mtok\n";
  CHECK(text == expected);
  for (const auto& line : lines(text)) CHECK((line.empty() || line.back() != ' '));
}

TEST_CASE("the month note appears once per item with a monthly unit, never otherwise", "[format]") {
  RunResult r;
  r.reports.push_back({"no month", {{"rate", Cell::num(5), "req/s", NumberStyle::Plain},
                                    {"monthly_cost", Cell::num(5), "$", NumberStyle::Money}}});
  Table t;
  t.title = "per month";
  t.columns = {{"a", "$/month", NumberStyle::Money}, {"b", "req/month", NumberStyle::Plain},
               {"c", "months", NumberStyle::Plain}};
  t.rows = {{Cell::num(1), Cell::num(2), Cell::num(3)}, {Cell::num(4), Cell::num(5), Cell::num(6)}};
  r.sweeps.push_back(t);
  const std::string note = "month = 1/12 year = 30.44 days";
  for (auto f : {Format::Table, Format::Markdown}) CHECK(count(write(r, f), note) == 1);
  CHECK(count(write(r, Format::Table), "  " + note + "\n") == 1);
  CHECK(write(r, Format::Table).find(note) > write(r, Format::Table).find("per month"));
  r.sweeps.clear();
  for (auto f : {Format::Table, Format::Markdown, Format::Csv, Format::Json})
    CHECK(count(write(r, f), note) == 0);
}

TEST_CASE("an empty table prints (no rows) and its notes", "[format][table]") {
  RunResult r;
  Table t;
  t.title = "Nothing fits";
  t.columns = {{"gpu", "", NumberStyle::Plain}};
  t.notes = {"0 of 12 points met `where`"};
  r.sweeps.push_back(t);
  CHECK(write(r, Format::Table) == "Nothing fits\n  (no rows)\n  0 of 12 points met `where`\n");
}

TEST_CASE("markdown: headings, pipe tables with alignment, assert list", "[format][markdown]") {
  const std::string md = write(sample(), Format::Markdown);
  CHECK(md.find("### Support bot\n\n| | value | unit |\n|---|---:|---|\n| hopper | 1.23 | \\$/Mtok |\n") !=
        std::string::npos);
  CHECK(md.find("| fits | yes | |\n") != std::string::npos);
  CHECK(md.find("_month = 1/12 year = 30.44 days_") != std::string::npos);
  CHECK(md.find("| gpu.name | batch | s.cost_per_mtok (\\$/Mtok) |\n|---|---:|---:|\n") != std::string::npos);
  // `$` is escaped: GitHub would read "$1/Mtok: cost = 1.23 $" as math.
  CHECK(md.find("- ✅ Blackwell under \\$1/Mtok\n") != std::string::npos);
  CHECK(md.find("- ❌ Hopper under \\$1/Mtok: cost = 1.23 \\$/Mtok, limit 1 \\$/Mtok\n") != std::string::npos);
  RunResult pipe;
  pipe.reports.push_back({"T", {{"a|b", Cell::num(1), "", NumberStyle::Plain}}});
  CHECK(write(pipe, Format::Markdown).find("| a\\|b | 1 | |") != std::string::npos);
}

TEST_CASE("csv: blocks in source order, full precision, RFC 4180 quoting", "[format][csv]") {
  RunResult r = sample();
  r.reports[0].title = "Support, \"bot\"";
  r.sweeps[0].rows[0][0] = Cell::str("H100 \"SXM\", 80GB");
  r.reports[0].rows[0].value = Cell::num(0.1 + 0.2);
  const std::string csv = write(r, Format::Csv);
  const std::string expected =
      "\"# Support, \"\"bot\"\"\"\n"
      "label,value,unit\n"
      "hopper,0.30000000000000004,$/Mtok\n"
      "blackwell,0.294,$/Mtok\n"
      "saving,48500,$/month\n"
      "fits,true,\n"
      "\n"
      "# Cheapest GPU per batch size\n"
      "gpu.name,batch,s.cost_per_mtok ($/Mtok)\n"
      "\"H100 \"\"SXM\"\", 80GB\",64,0.4123\n"
      "B200,512,12.5\n"
      "\n"
      "# Rental price risk\n"
      "p50(cost) ($/Mtok),ok\n"
      "NaN,false\n"
      "\n"
      "# asserts\n"
      "message,passed,detail\n"
      "Blackwell under $1/Mtok,true,\n"
      "Hopper under $1/Mtok,false,\"cost = 1.23 $/Mtok, limit 1 $/Mtok\"\n";
  CHECK(csv == expected);
}

TEST_CASE("without an explicit order, items print reports, sweeps, simulations, asserts", "[format]") {
  RunResult r = sample();
  r.order.clear();
  CHECK(write(r, Format::Table) == write(sample(), Format::Table));
  r.order = {{ItemKind::Sweep, 7}};  // out of range: skipped, never a crash
  CHECK(write(r, Format::Table).empty());
}
