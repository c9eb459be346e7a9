// The type checker: what it accepts, what it rejects, and with which code.
#include <catch2/catch.hpp>

#include "compiler/sema/stdlib_names.h"
#include "compiler/sema/types.h"
#include "runtime/writers.h"
#include "support.h"

using tco::test::codes_of;
using Codes = std::vector<std::string>;

TEST_CASE("valid plans check without diagnostics") {
  CHECK(codes_of("let x = 5 GB / 2 s\nlet y = x * 1 hr -> TB").empty());
  CHECK(codes_of("type T { a: Data, b: Data/Time = 1 GB/s }\nlet t = T { a = 1 GB }\nlet u = t with { a = 2 GB }\nlet r = u.a / u.b").empty());
  CHECK(codes_of("fn f(a: Data, b: Number = 2) -> Data = a * b\nlet x = f(1 GB, b = 3)").empty());
  CHECK(codes_of("let x = if 1 GB < 2 GB then \"a\" else \"b\"").empty());
}

TEST_CASE("unit mismatches are compile errors with stable codes") {
  CHECK(codes_of("let x = 5 GB + 5 GB/s") == Codes{"E0201"});
  CHECK(codes_of("let x = $5 < $2/hr") == Codes{"E0202"});
  CHECK(codes_of("fn f(b: Data/Time) = b\nlet x = f(2 s)") == Codes{"E0203"});
  CHECK(codes_of("let x = 5 GB/s -> GB") == Codes{"E0204"});
  CHECK(codes_of("let x: Data = 5 s") == Codes{"E0203"});
}

TEST_CASE("names, units and types that do not exist are reported") {
  CHECK(codes_of("let x = y") == Codes{"E0103"});
  CHECK(codes_of("let x = 5 parsecs") == Codes{"E0105"});
  CHECK(codes_of("type T { a: Lenght }") == Codes{"E0106"});
  CHECK(codes_of("let x = frobnicate(1)") == Codes{"E0109"});
  CHECK(codes_of("type T { a: Data }\nlet t = T { a = 1 GB }\nlet x = t.b") == Codes{"E0111"});
}

TEST_CASE("arguments are bound by position and name") {
  std::string f = "fn f(a: Number, b: Number = 1) = a + b\n";
  CHECK(codes_of(f + "let x = f(1)").empty());
  CHECK(codes_of(f + "let x = f(b = 2, a = 1)").empty());
  CHECK(codes_of(f + "let x = f(1, c = 2)") == Codes{"E0114"});
  CHECK(codes_of(f + "let x = f()") == Codes{"E0115"});
  CHECK(codes_of(f + "let x = f(1, 2, 3)") == Codes{"E0116"});
  CHECK(codes_of(f + "let x = f(1, a = 2)") == Codes{"E0117"});
  CHECK(codes_of(f + "let x = f(a = 1, 2)") == Codes{"E0118"});
}

TEST_CASE("recursion and cyclic definitions are rejected") {
  CHECK(codes_of("fn f(x: Number) -> Number = f(x)\nlet y = f(1)") == Codes{"E0110"});
  CHECK(codes_of("let a = b\nlet b = a") == Codes{"E0121"});
}

TEST_CASE("sweeps and simulations are checked") {
  CHECK(codes_of("sweep \"s\" {\n over x in 1 .. 3\n where x\n}") == Codes{"E0205"});
  CHECK(codes_of("let p = uniform(1, 2)") == Codes{"E0218"});
  CHECK(codes_of("simulate \"s\" {\n samples 10 seed 1\n let u = uniform(1, 2)\n show u\n}") == Codes{"E0217"});
  CHECK(codes_of("sweep \"s\" {\n over x in 1 .. 3\n show x, mean(x)\n}") == Codes{"E0216"});
  CHECK(codes_of("sweep \"s\" {\n over x in [1 GB, 2 s]\n}") == Codes{"E0214"});
  CHECK(codes_of("sweep \"s\" {\n over x in 5 .. 1\n}") == Codes{"E0212"});
}

TEST_CASE("several independent errors are all reported, cascades are not") {
  auto codes = codes_of("let a = 5 GB + 1 s\nlet b = a * 2\nlet c = nope\nlet d = 1 hr < $5");
  CHECK(codes == Codes{"E0201", "E0103", "E0202"});
}

// The type the checker gave top-level `let name` (after declared types and adoption).
static std::string type_of_let(const std::string& text, const std::string& name) {
  tco::test::TempPlan p(text);
  auto c = tco::pipeline::compile(p.path(), tco::sema::SearchPaths::from_environment(), tco::pipeline::until(tco::pipeline::Stage::Check));
  const auto& prog = c->program;
  for (const auto& l : prog.main_module().lets)
    if (l.name == name) return l.value->type ? tco::sema::type_name(l.value->type, prog.dims) : "<unchecked>";
  return "<no such let>";
}

TEST_CASE("the unset quantity `none`/`auto` is one interned type of its own") {
  tco::sema::TypeTable types;
  tco::sema::DimNames dims;
  CHECK(types.any_quantity() == types.any_quantity());
  CHECK(types.any_quantity()->is_unset());
  CHECK_FALSE(types.any_quantity()->is_quantity());
  CHECK_FALSE(types.number()->is_unset());
  CHECK(tco::sema::type_name(types.any_quantity(), dims) == "an unset quantity (`none`/`auto`)");
}

TEST_CASE("`none`/`auto` fits every quantity slot and takes its type") {
  CHECK(type_of_let("let x = none", "x") == "an unset quantity (`none`/`auto`)");
  CHECK(type_of_let("let x: Time = none", "x") == "Time");
  CHECK(type_of_let("let x: Money/Time = auto", "x") == "Money/Time");
  CHECK(codes_of("let x: Time = none\nlet y = x + 1 s -> ms").empty());  // a declared Time computes
  CHECK(codes_of("type W { slo: Time = none }\nlet w = W {}\nlet v = W { slo = auto }\nlet u = w with { slo = none }\n"
                 "let t = w.slo * 2")
            .empty());
  CHECK(codes_of("fn f(b: Number = auto) = if b == auto then 64 else b\nlet x = f()\nlet y = f(auto) + f(b = none)").empty());
  CHECK(codes_of("fn f() -> Time = none\nlet x = f() + 1 s").empty());
}

TEST_CASE("`none`/`auto` compares with any quantity, in either order") {
  CHECK(codes_of("let a = 5 ms <= none\nlet b = auto > 3 GB/s\nlet c = none == auto\nlet d = 1 != none").empty());
  CHECK(codes_of("let a = \"x\" == none") == Codes{"E0202"});
  CHECK(codes_of("let a = true != auto") == Codes{"E0202"});
}

TEST_CASE("`if` and `min`/`max`/`clamp` give an unset value the other side's type") {
  CHECK(type_of_let("let x = if 1 < 2 then none else 5 s", "x") == "Time");
  CHECK(type_of_let("let x = if 1 < 2 then 5 GB else auto", "x") == "Data");
  CHECK(type_of_let("let x = if 1 < 2 then none else auto", "x") == "an unset quantity (`none`/`auto`)");
  CHECK(type_of_let("let x = min(3 s, auto)", "x") == "Time");
  CHECK(type_of_let("let x = max(auto, 2 GB, none)", "x") == "Data");
  CHECK(type_of_let("let x = clamp(5, 1, auto)", "x") == "Number");
  CHECK(codes_of("let x = if 1 < 2 then none else \"a\"") == Codes{"E0208"});
  CHECK(codes_of("let x = min(3 s, auto, 2 GB)") == Codes{"E0203"});
}

TEST_CASE("`none`/`auto` has no dimension to compute with, convert or show") {
  CHECK(codes_of("let x = none + 1 s") == Codes{"E0225"});
  CHECK(codes_of("let x = 2 * auto") == Codes{"E0225"});
  CHECK(codes_of("let x = none ^ 2") == Codes{"E0225"});
  CHECK(codes_of("let x = -none") == Codes{"E0225"});
  CHECK(codes_of("let x = none -> ms") == Codes{"E0225"});
  CHECK(codes_of("let x = sqrt(auto)") == Codes{"E0225"});
  CHECK(codes_of("report \"r\" {\n a: none\n}") == Codes{"E0225"});
  CHECK(codes_of("sweep \"s\" {\n over x in 1 .. 3\n show auto\n}") == Codes{"E0225"});
  CHECK(codes_of("sweep \"s\" {\n over x in 1 .. none\n}") == Codes{"E0225"});
  CHECK(codes_of("sweep \"s\" {\n over x in [none, auto]\n}") == Codes{"E0225"});
  CHECK(codes_of("sweep \"s\" {\n over x in [1 s, none]\n show x -> ms\n}").empty());
  CHECK(codes_of("simulate \"m\" {\n samples 10\n let u = uniform(1, auto)\n show mean(u)\n}") == Codes{"E0225"});
}

TEST_CASE("`none`/`auto` never stands for a Bool, a text or a record") {
  CHECK(codes_of("let x: Bool = none") == Codes{"E0203"});
  CHECK(codes_of("type T { name: Text }\nlet t = T { name = auto }") == Codes{"E0203"});
  CHECK(codes_of("type T { a: Time }\nfn f(t: T) = t.a\nlet x = f(none)") == Codes{"E0203"});
  CHECK(codes_of("assert none") == Codes{"E0205"});
}

TEST_CASE("`none` and `auto` are names, not keywords: a definition of them wins") {
  CHECK(codes_of("let auto = 5\nlet x = auto + 1").empty());
  CHECK(type_of_let("let none = 5 s\nlet x = none", "x") == "Time");
  CHECK(codes_of("fn f(none: Number) = none * 2\nlet x = f(1)").empty());
  CHECK(codes_of("fn auto() = 1\nlet x = auto") == Codes{"E0122"});
}

TEST_CASE("the names the compiler relies on are declared by the prelude and the stdlib") {
  namespace names = tco::sema::stdlib_names;
  // The writers note under a table in months that a month is 30.44 days: the prelude's
  // month must be that long.
  tco::test::TempPlan p(fmt::format("import {}\nreport \"r\" {{\n  m: 1 {} -> d\n}}\n", names::kServingModule,
                                    names::kMonth));
  auto c = tco::pipeline::compile(p.path(), tco::sema::SearchPaths::from_environment());
  REQUIRE(c->lowered);
  const auto& prog = c->program;
  CHECK(prog.dims.lookup(names::kTime));
  CHECK(prog.dims.lookup(names::kMoney));
  for (const char* unit : {names::kMonth, names::kByte, names::kPercent}) {
    INFO(unit);
    CHECK(prog.units.find(unit) != nullptr);
  }
  CHECK(prog.modules[0].name == names::kPrelude);
  const tco::sema::ModuleInfo* serving = nullptr;
  for (const auto& m : prog.modules)
    if (m.name == names::kServingModule) serving = &m;
  REQUIRE(serving);
  auto type = serving->symbols.find(names::kServing);
  REQUIRE(type != serving->symbols.end());
  REQUIRE(type->second.kind == tco::sema::SymbolKind::Type);
  CHECK(type->second.record->field_index(names::kFits) >= 0);
  CHECK(type->second.record->field_index(names::kReason) >= 0);
  auto breakdown = serving->symbols.find(names::kBreakdown);
  REQUIRE(breakdown != serving->symbols.end());
  CHECK(breakdown->second.kind == tco::sema::SymbolKind::Fn);
  auto run = tco::test::run_plan(tco::test::slurp(p.path()));
  REQUIRE(run.code == 0);
  CHECK(tco::test::row(run.json(), "m").get<double>() == Approx(30.4375));
  CHECK(std::string(tco::rt::detail::kMonthNote).find("30.44 days") != std::string::npos);
}
