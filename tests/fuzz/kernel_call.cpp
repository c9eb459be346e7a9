// Regression test, run in the clang ASan + UBSan build (scripts/test's build-fuzz) and in the
// unit tests: a kernel whose first instruction starts a page, with nothing mapped before that
// page, is called through tco::call_kernel, as every JIT kernel is. Clang's function sanitizer
// checked such a call by reading the 8 bytes before the callee: a SEGV when the page before
// was unmapped, which for real kernels depended on the memory layout of the run (a few
// hundred plans into a fuzz run) and on the CPU the code was generated for.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "runtime/sink.h"

int main() {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  void* two = ::mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (two == MAP_FAILED) return std::perror("mmap"), 2;
  auto* code = static_cast<unsigned char*>(two) + page;
  if (::munmap(two, page) != 0) return std::perror("munmap"), 2;  // nothing before the code
  const unsigned char ret = 0xC3;  // x86-64 `ret`: a kernel that does nothing
  std::memcpy(code, &ret, 1);
  if (::mprotect(code, page, PROT_READ | PROT_EXEC) != 0) return std::perror("mprotect"), 2;
  TcoSink sink{};
  tco::call_kernel(reinterpret_cast<TcoKernelFn>(code), 0, 0, nullptr, &sink);
  std::puts("a kernel at the start of a page, after an unmapped page, was called");
  return 0;
}
