// Bound studies (`let pick = sweep ...`): the run order, the reads that are never folded, and
// the same values on both engines at every thread count.
#include <catch2/catch.hpp>

#include "compiler/ir/ir.h"
#include "support.h"

namespace {

using tco::ir::ItemKind;
using tco::ir::ItemRef;

// A program of `kinds` in source order; reads[i] lists the studies item i reads.
tco::ir::Program items_program(const std::vector<ItemKind>& kinds, const std::vector<std::vector<uint32_t>>& reads) {
  tco::ir::Program p;
  for (size_t i = 0; i < kinds.size(); ++i) {
    tco::ir::Kernel k;
    for (uint32_t s : reads[i]) {
      k.tables.emplace_back(1, 0.0);
      k.reads.push_back({static_cast<uint32_t>(k.tables.size() - 1), s});
    }
    const std::string name = std::to_string(i);
    auto add = [&](auto& list, auto name_it) {
      p.order.push_back({kinds[i], list.size()});
      name_it(list.emplace_back());
      list.back().kernel = std::move(k);
    };
    switch (kinds[i]) {
      case ItemKind::Report: add(p.reports, [&](auto& r) { r.title = "r" + name; }); break;
      case ItemKind::Study: add(p.studies, [&](auto& st) { st.title = "s" + name; }); break;
      case ItemKind::Assert: add(p.asserts, [&](auto& a) { a.message = "a" + name; }); break;
    }
  }
  return p;
}

std::vector<std::string> order_names(const tco::ir::Program& p) {
  std::vector<std::string> out;
  for (const ItemRef& r : p.order) {
    switch (r.kind) {
      case ItemKind::Report: out.push_back(p.reports[r.index].title); break;
      case ItemKind::Study: out.push_back(p.studies[r.index].title); break;
      case ItemKind::Assert: out.push_back(p.asserts[r.index].message); break;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("items run after the studies they read, otherwise in source order") {
  using K = ItemKind;
  SECTION("nothing bound: unchanged") {
    auto p = items_program({K::Report, K::Study, K::Assert}, {{}, {}, {}});
    REQUIRE(tco::ir::order_by_reads(p));
    CHECK(order_names(p) == std::vector<std::string>{"r0", "s1", "a2"});
  }
  SECTION("a reader listed first runs right after its study, before what follows the study") {
    // r0 reads study 0 (s1); a2 reads nothing.
    auto p = items_program({K::Report, K::Study, K::Assert}, {{0}, {}, {}});
    REQUIRE(tco::ir::order_by_reads(p));
    CHECK(order_names(p) == std::vector<std::string>{"s1", "r0", "a2"});
  }
  SECTION("chains: a study reading a later study, read by an item before both") {
    // a0 reads study 0 (s1); s1 reads study 1 (s2).
    auto p = items_program({K::Assert, K::Study, K::Study, K::Report}, {{0}, {1}, {}, {}});
    REQUIRE(tco::ir::order_by_reads(p));
    CHECK(order_names(p) == std::vector<std::string>{"s2", "s1", "a0", "r3"});
  }
  SECTION("waiting items keep their order among themselves") {
    auto p = items_program({K::Assert, K::Report, K::Study}, {{0}, {0}, {}});
    REQUIRE(tco::ir::order_by_reads(p));
    CHECK(order_names(p) == std::vector<std::string>{"s2", "a0", "r1"});
  }
  SECTION("a cycle is refused, the order left as it was") {
    auto p = items_program({K::Study, K::Study}, {{1}, {0}});
    CHECK_FALSE(tco::ir::order_by_reads(p));
    CHECK(order_names(p) == std::vector<std::string>{"s0", "s1"});
  }
}

TEST_CASE("a study's result is read when the plan runs, on either engine and any thread count") {
  // The sweep is large enough to be split across threads; its best is unique.
  const std::string plan = R"(
let pick = sweep "Pick" {
  over x in 1 .. 400, y in 1 .. 400
  best min abs(x * y - 31415)
  show x, y, gap: abs(x * y - 31415)
}
report "Gate" {
  product: pick.x * pick.y
  gap: pick.gap
}
sweep "Near the pick" {
  over x in 1 .. 400
  where abs(x - pick.x) <= 1
  show x, d: x - pick.x
}
assert pick.gap < 1
)";
  std::vector<std::string> outputs;
  for (const char* engine : {"--no-jit", "--jit"})
    for (const char* threads : {"1", "2"}) {
      auto r = tco::test::run_plan(plan, {"run", "--format", "json", engine, "--threads", threads});
      INFO(engine << " " << threads << " " << r.err);
      REQUIRE(r.code == 0);
      outputs.push_back(r.out);
    }
  for (const auto& o : outputs) CHECK(o == outputs.front());
  auto j = nlohmann::json::parse(outputs.front());
  const auto& rows = j["reports"][0]["rows"];
  CHECK(rows[0]["value"].get<double>() == 31415.0);
  CHECK(rows[1]["value"].get<double>() == 0.0);
  CHECK(j["sweeps"][1]["rows"].size() == 3);
  CHECK(j["asserts"][0]["passed"].get<bool>());
}

TEST_CASE("a let reading a result is not folded: the IR reads the study's table") {
  const std::string plan = R"(
let pick = sweep "Pick" {
  over b in [3, 2, 4]
  best min b
  show b
}
let twice = pick.b * 2
assert twice == 4
)";
  auto r = tco::test::run_plan(plan, {"run", "--emit=ir"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("table t0 = the result of `pick` (1 column)") != std::string::npos);
  CHECK(r.out.find("mul") != std::string::npos);
  auto ran = tco::test::run_plan(plan);
  CHECK(ran.code == 0);
  CHECK(ran.json()["asserts"][0]["passed"].get<bool>());
}
