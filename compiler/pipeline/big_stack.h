// Runs a function on a thread with a large stack. The checker and lowering recurse over
// the AST, and a plan may legally hold a sum of 100,000 terms; 512 MiB of (lazily
// committed) stack makes that a non-event instead of a crash.
#pragma once
#include <functional>

namespace tco::pipeline {

constexpr size_t kBigStackBytes = size_t(512) << 20;

void run_on_big_stack(const std::function<void()>& fn);

}  // namespace tco::pipeline
