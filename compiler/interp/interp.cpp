#include "compiler/interp/interp.h"

#include <cmath>
#include <vector>

#include "compiler/ir/analysis.h"
#include "compiler/ir/evaluate.h"
#include "compiler/ir/search.h"

namespace tco::interp {
namespace {

// Evaluates a kernel: invariant instructions once, the rest per point (ir/evaluate.h says
// what each computes). A search runs as one unit: once if nothing in it varies from point to
// point, else at every point, its whole body each time it tries a candidate.
class Evaluator {
 public:
  explicit Evaluator(const ir::Kernel& k)
      : k_(k), regs_(k.insts.size()), idx_(k.axes.size()), ends_(k.insts.size(), 0) {
    for (size_t i = 0; i < k.insts.size(); ++i)
      if (k.insts[i].op == ir::Op::SearchBegin) ends_[i] = static_cast<uint32_t>(ir::search_end(k, i));
    const ir::Frame f = frame();
    const std::vector<uint64_t> axes = ir::axis_dependencies(k);
    for (size_t i = 0; i < k.insts.size();) {
      // A search runs as one unit; it varies when its result does (its count or anything its
      // condition reads).
      const size_t last = k.insts[i].op == ir::Op::SearchBegin ? ends_[i] : i;
      if (axes[last] != 0) per_point_.push_back(static_cast<uint32_t>(i));
      else ir::evaluate(f, i);
      i = last + 1;
    }
  }

  uint64_t axis_index(size_t axis) const { return idx_[axis]; }

  const double* at(uint64_t point) {
    // Row-major decomposition: the last axis varies fastest.
    uint64_t rest = point;
    for (size_t a = k_.axes.size(); a-- > 0;) {
      idx_[a] = rest % k_.axes[a].size;
      rest /= k_.axes[a].size;
    }
    const ir::Frame f = frame(point);
    for (uint32_t i : per_point_) ir::evaluate(f, i);
    return regs_.data();
  }

 private:
  ir::Frame frame(uint64_t point = 0) { return ir::Frame{k_, regs_.data(), idx_.data(), point, &ends_}; }

  const ir::Kernel& k_;
  std::vector<double> regs_;
  std::vector<uint64_t> idx_;
  std::vector<uint32_t> ends_;       // search_end() of each SearchBegin
  std::vector<uint32_t> per_point_;  // instructions (and searches) that vary with the point
};

}  // namespace

void run_chunk(const ir::Kernel& k, uint64_t begin, uint64_t end, TcoSink* sink) {
  Evaluator ev(k);
  std::vector<double> buf(k.outputs.size() + k.objectives.size() + k.keys.size());
  for (uint64_t p = begin; p < end; ++p) {
    const double* r = ev.at(p);
    bool keep = true;
    for (auto w : k.where) keep = keep && r[w] != 0;
    if (!keep) continue;
    ++sink->kept;
    bool by_group = k.key_axis >= 0 && sink->group_threshold;
    if ((sink->use_threshold || by_group) && !k.objectives.empty()) {
      double obj = r[k.objectives[0]];
      double t = by_group ? sink->group_threshold[ev.axis_index(static_cast<size_t>(k.key_axis))] : sink->threshold;
      if (!(t != t || (sink->maximize ? obj > t : obj < t))) continue;
    }
    size_t j = 0;
    for (auto id : k.outputs) buf[j++] = r[id];
    for (auto id : k.objectives) buf[j++] = r[id];
    for (auto id : k.keys) buf[j++] = r[id];
    sink->add(sink, p, buf.data());
  }
}

}  // namespace tco::interp
