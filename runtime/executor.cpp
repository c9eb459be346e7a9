#include "runtime/executor.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <exception>
#include <new>
#include <thread>
#include <vector>

namespace tco::rt {
namespace {

// A sink feeding one thread's reducer, keeping the kernel's threshold current.
struct ThreadSink : TcoSink {
  Reducer* reducer = nullptr;
  ExecLayout layout;
  std::vector<double> groups;  // per-index thresholds of a `best ... by` keyed by one axis
  bool stop = false;           // a plain sweep overflowed: the rest of this thread's work is moot
  bool out_of_memory = false;  // the reducer could not grow: the result is lost

  // Called from native kernels, which an exception cannot unwind through (it would end the
  // process): a reducer that cannot grow (percentiles keep every sample) stops the thread.
  static void add_point(TcoSink* self, uint64_t index, const double* v) noexcept {
    auto* s = static_cast<ThreadSink*>(self);
    if (s->out_of_memory) return;
    try {
      s->reducer->add(index, v, v + s->layout.width, v + s->layout.width + s->layout.objectives);
    } catch (const std::bad_alloc&) {
      s->out_of_memory = s->stop = true;
      return;
    }
    if (s->use_threshold) s->threshold = s->reducer->threshold();
    if (s->group_threshold) {
      // The best objective seen at this index of the key axis: never better than its group's
      // best, so a point that cannot beat it cannot change the reduction either.
      double obj = v[s->layout.width];
      double& t = s->groups[(index / s->layout.key_stride) % s->layout.key_size];
      if (obj == obj && (t != t || (s->maximize ? obj > t : obj < t))) t = obj;
    }
    if (s->reducer->overflowed()) s->stop = true;
  }
};

// Sub-chunks keep the progress bar moving and let an overflow stop a thread early.
constexpr uint64_t kSubChunk = 1 << 16;
// Below this many points a run is too short to be worth a thread.
constexpr uint64_t kMinPointsPerThread = 1 << 14;

class Progress {
 public:
  Progress(const ExecOptions& o, uint64_t total)
      : on_(o.progress && isatty(STDERR_FILENO)), title_(o.title), total_(total), start_(clock::now()) {}
  ~Progress() {
    if (drawn_) std::fprintf(stderr, "\r\x1b[K");
  }
  // Called by thread 0 only.
  void update(uint64_t done) {
    if (!on_) return;
    auto now = clock::now();
    double elapsed = std::chrono::duration<double>(now - start_).count();
    // Only runs longer than about a second get a bar, and it is redrawn at most 10 times a second.
    if (elapsed < 1.0 || std::chrono::duration<double>(now - last_).count() < 0.1) return;
    last_ = now;
    double f = total_ ? double(done) / double(total_) : 1.0;
    int width = 30, filled = int(f * width);
    std::fprintf(stderr, "\r\x1b[K%.40s [%.*s%*s] %3.0f%%", title_.c_str(), filled,
                 "##############################", width - filled, "", f * 100);
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  using clock = std::chrono::steady_clock;
  bool on_;
  std::string title_;
  uint64_t total_;
  clock::time_point start_, last_{};
  bool drawn_ = false;
};

}  // namespace

ExecResult execute(uint64_t points, const ReduceSpec& spec, const ExecLayout& layout, const ChunkFn& chunk,
                   const ExecOptions& opts) {
  unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<uint64_t>(threads, std::max<uint64_t>(1, points / kMinPointsPerThread)));
  bool thresholds = spec.kind == ReduceSpec::Top || (spec.kind == ReduceSpec::Best && spec.keys == 0);

  std::vector<Reducer> reducers;
  std::vector<ThreadSink> sinks(threads);
  for (unsigned t = 0; t < threads; ++t) {
    reducers.emplace_back(spec);
    ThreadSink& s = sinks[t];
    s.add = &ThreadSink::add_point;
    s.threshold = NAN;
    s.use_threshold = thresholds ? 1 : 0;
    s.maximize = !spec.maximize.empty() && spec.maximize[0] ? 1 : 0;
    s.layout = layout;
    s.group_threshold = nullptr;
    s.kept = 0;
    if (spec.kind == ReduceSpec::Best && layout.key_axis >= 0 && layout.key_size > 0) {
      s.groups.assign(layout.key_size, NAN);
      s.group_threshold = s.groups.data();
      s.use_threshold = 0;
    }
  }
  for (unsigned t = 0; t < threads; ++t) sinks[t].reducer = &reducers[t];

  Progress progress(opts, points);
  // Contiguous ranges, one per thread: merging them in order is what makes the result
  // independent of the thread count (the reducers are split-invariant).
  // What a thread threw, for the caller's thread: an exception leaving a std::thread would
  // end the process.
  std::vector<std::exception_ptr> failures(threads);
  auto work = [&](unsigned t) {
    uint64_t begin = points / threads * t + std::min<uint64_t>(t, points % threads);
    uint64_t end = begin + points / threads + (t < points % threads ? 1 : 0);
    try {
      for (uint64_t b = begin; b < end && !sinks[t].stop; b += kSubChunk) {
        uint64_t e = std::min(end, b + kSubChunk);
        chunk(b, e, &sinks[t]);
        if (t == 0) progress.update(uint64_t(double(e - begin) * threads));
      }
    } catch (const std::bad_alloc&) {
      sinks[t].out_of_memory = true;
    } catch (...) {
      failures[t] = std::current_exception();
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
  }
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
  ExecResult result{std::move(reducers[0]), false, false, 0};
  for (const auto& s : sinks) result.out_of_memory = result.out_of_memory || s.out_of_memory;
  if (result.out_of_memory) return result;
  try {
    for (unsigned t = 1; t < threads; ++t) result.reducer.merge(std::move(reducers[t]));
  } catch (const std::bad_alloc&) {
    result.out_of_memory = true;
    return result;
  }
  result.overflowed = result.reducer.overflowed();
  for (const auto& s : sinks) result.kept += s.kept;
  return result;
}

uint64_t physical_memory() {
  long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : 0;
}

}  // namespace tco::rt
