// The raw Philox4x32-10 block function behind uniform01 (exposed for known-answer tests).
#pragma once
#include <array>
#include <cstdint>

namespace tco::rt {

using Philox4x32 = std::array<uint32_t, 4>;
// Ten rounds of Philox4x32 on `ctr` under the key (k0, k1).
Philox4x32 philox4x32_10(Philox4x32 ctr, uint32_t k0, uint32_t k1);

}  // namespace tco::rt
