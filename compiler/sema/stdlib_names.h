// The names the compiler itself gives meaning to, which the prelude and the stdlib declare:
// renaming one there means changing it here, and the unit test "the names the compiler relies
// on are declared" (tests/unit/test_check.cpp) fails until both agree. Everything else a plan
// or the stdlib declares is only names to the compiler.
#pragma once

namespace tco::sema::stdlib_names {

// The module every plan sees without importing it, in the stdlib's folder.
inline constexpr const char* kPrelude = "prelude";

// Dimensions (prelude.tco)
inline constexpr const char* kTime = "Time";    // a literal beside a rate gets "write it as a rate" (E0201)
inline constexpr const char* kMoney = "Money";  // figures print with cents; a budget's hint is per month

// Units (prelude.tco)
inline constexpr const char* kMonth = "month";  // the period a money literal's hint suggests
inline constexpr const char* kByte = "B";       // `1B tok/day` warns that B is the byte (W0001)
inline constexpr const char* kPercent = "%";    // figures print as percentages

// The serving model (serving.tco)
inline constexpr const char* kServingModule = "serving";
inline constexpr const char* kServing = "Serving";      // what serve() returns: `tcoc explain`'s scenarios
inline constexpr const char* kBreakdown = "breakdown";  // breakdown(s): the sections `tcoc explain` prints
// A record with both fields is a result that may refuse: a constant `fits = false` is W0303,
// pointing at the arguments `reason` names.
inline constexpr const char* kFits = "fits";
inline constexpr const char* kReason = "reason";

}  // namespace tco::sema::stdlib_names
