// Chunk functions over JIT-compiled kernels: each gets its tables and axis sizes once.
#include <memory>
#include <vector>

#include "compiler/jit/jit.h"
#include "compiler/runner/run.h"

namespace tco::runner {
namespace {

struct KernelArgs {
  std::vector<const double*> tables;
  std::vector<uint64_t> sizes;
  TcoKernelArgs args{};
  explicit KernelArgs(const ir::Kernel& k) {
    for (const auto& t : k.tables) tables.push_back(t.data());
    for (const auto& a : k.axes) sizes.push_back(a.size);
    args.tables = tables.data();
    args.axis_sizes = sizes.data();
    args.seed = k.seed;
  }
};

}  // namespace

KernelFor jit_kernels(const jit::Jit& jit, const ir::Program& prog) {
  KernelFor interpreted = interpreter_kernels(prog);
  return [&jit, &prog, interpreted](ir::ItemKind kind, size_t i,
                                     std::shared_ptr<const ir::Kernel> bound) -> rt::ChunkFn {
    TcoKernelFn fn = jit.kernel(kind, i);
    if (fn == nullptr) return interpreted(kind, i, bound);  // not worth compiling (tiering.h)
    const ir::Kernel& k = bound ? *bound : prog.kernel(kind, i);
    // The arguments point into `bound`'s tables: the chunk function keeps it alive.
    auto args = std::make_shared<KernelArgs>(k);
    return [fn, args, bound](uint64_t b, uint64_t e, TcoSink* sink) { call_kernel(fn, b, e, &args->args, sink); };
  };
}

}  // namespace tco::runner
