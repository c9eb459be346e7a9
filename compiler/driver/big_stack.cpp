#include "compiler/driver/big_stack.h"

#include <pthread.h>

namespace tco::driver {
namespace {
void* trampoline(void* p) {
  (*static_cast<const std::function<void()>*>(p))();
  return nullptr;
}
}  // namespace

void run_on_big_stack(const std::function<void()>& fn) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kBigStackBytes);
  pthread_t thread;
  bool started = pthread_create(&thread, &attr, trampoline, const_cast<std::function<void()>*>(&fn)) == 0;
  pthread_attr_destroy(&attr);
  if (started)
    pthread_join(thread, nullptr);
  else
    fn();  // no thread to be had: run here, with the ordinary stack
}

}  // namespace tco::driver
