// The large-stack thread the compiler runs on: an exception thrown on it reaches the caller
// (the CLI's guard turns it into "internal error", exit 3) instead of terminating tcoc.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "compiler/pipeline/big_stack.h"

TEST_CASE("an exception on the large stack is rethrown to the caller, nested too") {
  CHECK_THROWS_AS(tco::pipeline::run_on_big_stack([] { throw std::out_of_range("inner"); }), std::out_of_range);
  CHECK_THROWS_WITH(tco::pipeline::run_on_big_stack([] {
                      tco::pipeline::run_on_big_stack([] { throw std::logic_error("nested"); });
                    }),
                    "nested");
  int ran = 0;
  tco::pipeline::run_on_big_stack([&] { ++ran; });
  CHECK(ran == 1);
}
