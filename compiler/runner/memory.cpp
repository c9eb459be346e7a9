#include "compiler/runner/memory.h"

#include <mutex>

#ifdef TCOC_MIMALLOC
#include <mimalloc.h>
#endif

namespace tco::runner {

void configure_allocator() {
  static std::once_flag once;
  std::call_once(once, [] {
#ifdef TCOC_MIMALLOC
    // A large plan's parse otherwise takes a page fault for every 4 KiB it touches (150,000
    // for a 7 MB plan), which cost more than half of `tcoc check`'s time in a virtual
    // machine; huge pages (where the kernel grants them on request) bring that to 10,000.
    mi_option_enable(mi_option_large_os_pages);
    mi_option_disable(mi_option_show_errors);
    mi_option_disable(mi_option_verbose);
#endif
  });
}

}  // namespace tco::runner
