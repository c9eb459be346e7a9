// The type checker: what it accepts, what it rejects, and with which code.
#include <catch2/catch.hpp>

#include "compiler/sema/types.h"
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
