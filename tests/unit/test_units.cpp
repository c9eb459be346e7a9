// The unit algebra: dimensions, their names, unit scales and prefixes.
#include <catch2/catch.hpp>

#include "compiler/sema/dim.h"
#include "compiler/sema/units.h"

using namespace tco::sema;

namespace {
DimNames prelude_like() {
  DimNames n;
  for (auto name : {"Time", "Data", "Compute", "Energy", "Money", "Token", "Request"}) n.add_base(name);
  n.set_base_unit(0, "s");
  n.set_base_unit(1, "B");
  n.set_base_unit(4, "$");
  n.set_base_unit(5, "tok");
  n.add_alias("Power", *n.lookup("Energy") / *n.lookup("Time"));
  return n;
}
}  // namespace

TEST_CASE("dimensions multiply, divide and raise to powers") {
  Dim t = Dim::base(0), d = Dim::base(1);
  Dim bw = d / t;
  CHECK(bw.exp[1] == 1);
  CHECK(bw.exp[0] == -1);
  CHECK((bw * t) == d);
  CHECK((d / d).dimensionless());
  CHECK(d.pow(2).exp[1] == 2);
  CHECK(d.pow(2).sqrt() == d);
  CHECK_FALSE(d.sqrt().has_value());
  CHECK(!(bw == d));
}

TEST_CASE("dimensions are named the way analysts say them") {
  DimNames n = prelude_like();
  Dim t = *n.lookup("Time"), data = *n.lookup("Data"), money = *n.lookup("Money"), tok = *n.lookup("Token");
  CHECK(n.describe(data / t) == "Data/Time");
  CHECK(n.describe(money / tok) == "Money/Token");
  CHECK(n.describe(money / (tok * t)) == "Money/(Time·Token)");
  CHECK(n.describe(*n.lookup("Energy") / t) == "Power (Energy/Time)");
  CHECK(n.describe(Dim{}) == "Number");
  CHECK(n.describe(data.pow(2)) == "Data^2");
  CHECK(n.describe(Dim{} / t) == "1/Time");
}

TEST_CASE("values without a display unit print in base units") {
  DimNames n = prelude_like();
  CHECK(n.base_unit_text(*n.lookup("Data") / *n.lookup("Time")) == "B/s");
  CHECK(n.base_unit_text(*n.lookup("Money") / *n.lookup("Token")) == "$/tok");
  CHECK(n.base_unit_text(Dim{}) == "");
}

TEST_CASE("the base dimension table has a limit") {
  DimNames n;
  for (size_t i = 0; i < kMaxBaseDims; ++i) CHECK(n.add_base("D" + std::to_string(i)).has_value());
  CHECK_FALSE(n.add_base("one too many").has_value());
}

TEST_CASE("SI and binary prefixes are distinct") {
  UnitTable u;
  UnitInfo byte{"B", 1, Dim::base(1), {}};
  REQUIRE(u.add(byte, {"si", "binary"}));
  CHECK(u.find("GB")->scale == 1e9);
  CHECK(u.find("GiB")->scale == 1073741824.0);
  CHECK(u.find("kB")->scale == 1e3);
  CHECK(u.find("KiB")->scale == 1024.0);
  CHECK(u.find("GB")->dim == Dim::base(1));
  CHECK(u.find("KB") == nullptr);  // ambiguous in the wild; not defined
  CHECK_FALSE(u.add(byte, {}));    // declared twice
}

TEST_CASE("an explicit unit wins over a prefixed form") {
  UnitTable u;
  REQUIRE(u.add(UnitInfo{"min", 60, Dim::base(0), {}}, {}));
  REQUIRE(u.add(UnitInfo{"s", 1, Dim::base(0), {}}, {"si"}));
  CHECK(u.find("ms")->scale == 1e-3);
  CHECK(u.find("min")->scale == 60);
}

TEST_CASE("unit suggestions catch case slips and typos") {
  UnitTable u;
  u.add(UnitInfo{"B", 1, Dim::base(1), {}}, {"si", "binary"});
  auto s = u.similar("gb");
  REQUIRE_FALSE(s.empty());
  CHECK(s[0] == "GB");
  CHECK(edit_distance("bandwith", "bandwidth") == 1);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("did you mean: misspellings, and the longer names a short one begins", "[units]") {
  using tco::sema::suggest;
  const std::vector<std::string> gpus = {"A100", "B200", "H100_NVL", "H100_PCIe", "H100_SXM", "H200", "MI300X"};
  // `H100` is the first word of three: those, before `H200` one edit away (which the
  // three leave out, at most three names being offered).
  CHECK(suggest("H100", gpus) == std::vector<std::string>{"H100_NVL", "H100_PCIe", "H100_SXM"});
  CHECK(suggest("H20", gpus) == std::vector<std::string>{"H200"});
  CHECK(suggest("MI300", gpus) == std::vector<std::string>{"MI300X"});
  // A name is not its own suggestion, and far names are none.
  CHECK(suggest("B200", gpus) == std::vector<std::string>{"H200"});
  CHECK(suggest("Gaudi", gpus).empty());
  // Only a whole first word counts: `H1` does not begin `H100_SXM` at a word's end.
  CHECK(suggest("H1", {"H100_SXM"}).empty());
}
