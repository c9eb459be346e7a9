// How tcoc's processes allocate: set once, before the first plan is read.
#pragma once

namespace tco::runner {

// With mimalloc (CMakeLists.txt says why it replaces malloc): huge pages for its segments,
// and no messages of its own on stderr (running out of memory is tcoc's to report: E0304 or
// "ran out of memory", exit 3). Idempotent.
void configure_allocator();

}  // namespace tco::runner
