// tcoc diff: a study's rows are matched across versions by the values of their axes, so
// that an edit to an axis reports the rows it adds or drops and no change it did not make.
#include <catch2/catch.hpp>

#include <set>

#include "compiler/driver/cli.h"
#include "support.h"

namespace {

struct Diff {
  int code = 0;
  nlohmann::json j;
  std::set<std::string> names(const char* key) const {
    std::set<std::string> out;
    for (const auto& f : j[key]) out.insert(f["figure"].get<std::string>());
    return out;
  }
};

Diff diff(const std::string& before, const std::string& after) {
  tco::test::TempPlan dir(before, "old.tco");
  dir.add("new.tco", after);
  std::string out, err;
  Diff d;
  d.code = tco::driver::tcoc_main({"diff", "--format", "json", "--exit-code", (dir.dir() / "old.tco").string(),
                                   (dir.dir() / "new.tco").string()},
                                  out, err, false);
  INFO(err);
  REQUIRE(d.code != 2);
  d.j = nlohmann::json::parse(out);
  return d;
}

std::string batch_sweep(const std::string& values) {
  return "sweep \"Batch\" {\n  over b in [" + values + "]\n  show b, per_seq: 100 / b\n}\n";
}

}  // namespace

TEST_CASE("diff: reordered axis values are the same rows", "[diff]") {
  auto d = diff(batch_sweep("10, 20, 40"), batch_sweep("40, 10, 20"));
  CHECK(d.code == 0);
  CHECK(d.j["changed"].empty());
  CHECK(d.j["added"].empty());
  CHECK(d.j["removed"].empty());
}

TEST_CASE("diff: a dropped or added axis value is only its own rows", "[diff]") {
  auto dropped = diff(batch_sweep("10, 20"), batch_sweep("20"));
  CHECK(dropped.code == 1);
  CHECK(dropped.j["changed"].empty());
  CHECK(dropped.names("removed") == std::set<std::string>{"Batch / 10 / b", "Batch / 10 / per_seq"});
  auto added = diff(batch_sweep("10, 20"), batch_sweep("5, 10, 20"));
  CHECK(added.j["changed"].empty());
  CHECK(added.names("added") == std::set<std::string>{"Batch / 5 / b", "Batch / 5 / per_seq"});
}

TEST_CASE("diff: two axes, one record value dropped, no change reported on the others", "[diff]") {
  auto plan = [](const char* precisions) {
    return std::string("import gpus\nsweep \"Rent\" {\n  over g in [H100_SXM, B200], p in [") + precisions +
           "]\n  show g.name, p.name, cost: g.rent * p.bits / 8 -> $/hr\n}\n";
  };
  auto d = diff(plan("BF16, FP8"), plan("FP8"));
  CHECK(d.j["changed"].empty());
  CHECK(d.j["added"].empty());
  CHECK(d.j["removed"].size() == 6);  // two GPUs' BF16 rows, three columns each
  for (const auto& name : d.names("removed")) CHECK(name.find(", BF16 / ") != std::string::npos);
}

TEST_CASE("diff: renaming an axis keeps its rows; renaming a column only that column", "[diff]") {
  auto renamed = diff(batch_sweep("10, 20"), "sweep \"Batch\" {\n  over size in [10, 20]\n  show b: size, per_seq: 100 / size\n}\n");
  CHECK(renamed.code == 0);
  auto column = diff(batch_sweep("10, 20"), "sweep \"Batch\" {\n  over b in [10, 20]\n  show b, each: 100 / b\n}\n");
  CHECK(column.j["changed"].empty());
  CHECK(column.names("removed") == std::set<std::string>{"Batch / 10 / per_seq", "Batch / 20 / per_seq"});
  CHECK(column.names("added") == std::set<std::string>{"Batch / 10 / each", "Batch / 20 / each"});
}

TEST_CASE("diff: a real change on a matched row is reported on that row", "[diff]") {
  auto d = diff(batch_sweep("10, 20"), "sweep \"Batch\" {\n  over b in [20, 10]\n  show b, per_seq: 200 / b\n}\n");
  REQUIRE(d.j["changed"].size() == 2);
  // In the new version's row order: b = 20 first.
  CHECK(d.j["changed"][0]["figure"] == "Batch / 20 / per_seq");
  CHECK(d.j["changed"][1]["figure"] == "Batch / 10 / per_seq");
  CHECK(d.j["changed"][1]["old"] == 10);
  CHECK(d.j["changed"][1]["new"] == 20);
}

TEST_CASE("diff: grouped and one-row studies", "[diff]") {
  auto grouped = [](const char* batches) {
    return std::string("import gpus\nsweep \"Cheapest\" {\n  over g in [H100_SXM, B200], b in [") + batches +
           "]\n  best min g.rent / b by g\n  show g.name, b, cost: g.rent / b -> $/hr\n}\n"
           "sweep \"Overall\" {\n  over g in [H100_SXM, B200], b in [" + batches +
           "]\n  best min g.rent / b\n  show g.name, cost: g.rent / b -> $/hr\n}\n";
  };
  // A batch that never wins, dropped: each group's winner is the same row.
  auto same = diff(grouped("8, 16, 32"), grouped("16, 32"));
  CHECK(same.code == 0);
  // A better batch added: each group's row changes in place, and the overall best's one row.
  auto better = diff(grouped("8, 16"), grouped("8, 16, 32"));
  auto changed = better.names("changed");
  CHECK(changed.count("Cheapest / H100 SXM5 80GB / cost") == 1);
  CHECK(changed.count("Cheapest / B200 (HGX) / b") == 1);
  CHECK(changed.count("Overall / cost") == 1);
  CHECK(better.j["added"].empty());
  CHECK(better.j["removed"].empty());
}
