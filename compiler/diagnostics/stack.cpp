#include "compiler/diagnostics/stack.h"

#include <pthread.h>

#include <algorithm>
#include <cstdint>

namespace tco {
namespace {

// The lowest address this thread's frames may reach before stack_nearly_full() says so,
// read once per thread; 0 when the stack's bounds cannot be read (then never full).
uintptr_t read_limit() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
  void* base = nullptr;
  size_t size = 0;
  int got = pthread_attr_getstack(&attr, &base, &size);
  pthread_attr_destroy(&attr);
  if (got != 0 || base == nullptr) return 0;
  return reinterpret_cast<uintptr_t>(base) + std::min(kStackReserveBytes, size / 4);
}

}  // namespace

bool stack_nearly_full() {
  thread_local const uintptr_t limit = read_limit();
  // Stacks grow down on every target tcoc builds for (x86-64, AArch64).
  return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < limit;
}

void report_definitions_too_deep(Diagnostics& diags, Span at) {
  diags.report<DiagKind::DefinitionsTooDeep>(at)
      .primary_label("the chain of definitions reaches this deep")
      .note("tcoc follows every let, function and field default an expression uses into its own "
            "definition; here they nest too deeply for the stack (hundreds of thousands of levels)")
      .hint("write the repeated step in fewer definitions: one expression, or a sweep over the steps");
}

}  // namespace tco
