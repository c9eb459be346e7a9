#include "compiler/pipeline/big_stack.h"

#include <pthread.h>

#include <exception>

namespace tco::pipeline {
namespace {
struct Call {
  const std::function<void()>* fn;
  std::exception_ptr thrown;
};

// An exception must not leave the thread (that would terminate the process): it is carried
// back to the caller, which rethrows it where the caller's handlers can see it.
void* trampoline(void* p) {
  auto* call = static_cast<Call*>(p);
  try {
    (*call->fn)();
  } catch (...) {
    call->thrown = std::current_exception();
  }
  return nullptr;
}
}  // namespace

void run_on_big_stack(const std::function<void()>& fn) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kBigStackBytes);
  pthread_t thread;
  Call call{&fn, nullptr};
  bool started = pthread_create(&thread, &attr, trampoline, &call) == 0;
  pthread_attr_destroy(&attr);
  if (!started) {
    fn();  // no thread to be had: run here, with the ordinary stack
    return;
  }
  pthread_join(thread, nullptr);
  if (call.thrown) std::rethrow_exception(call.thrown);
}

}  // namespace tco::pipeline
