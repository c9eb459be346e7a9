// A seeded generator of random, well-typed `.tco` plans for differential testing: the same
// plan is run on the reference interpreter and on the JIT, and the two results must agree.
//
// Every plan it makes passes `tcoc check`. It uses its own PRNG and no std distributions,
// so a seed names the same plan on every platform and standard library.
#pragma once
#include <cstdint>
#include <string>

namespace tco::difftest {

struct GeneratorLimits {
  uint64_t max_sweep_points = 5000;  // per sweep (product of its axis sizes)
  uint64_t max_samples = 5000;       // per simulation
};

// The text of plan number `seed`.
std::string generate_plan(uint64_t seed, const GeneratorLimits& limits = {});

}  // namespace tco::difftest
