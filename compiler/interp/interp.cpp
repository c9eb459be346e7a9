#include "compiler/interp/interp.h"

#include <cmath>
#include <vector>

#include "compiler/ir/ops.h"
#include "runtime/rng.h"

namespace tco::interp {
namespace {

// Evaluates a kernel: invariant instructions once, the rest per point.
class Evaluator {
 public:
  explicit Evaluator(const ir::Kernel& k) : k_(k), regs_(k.insts.size()), idx_(k.axes.size()) {
    std::vector<bool> varying(k.insts.size(), false);
    for (size_t i = 0; i < k.insts.size(); ++i) {
      const ir::Inst& in = k.insts[i];
      int n = ir::op_arity(in.op);
      bool v = in.op == ir::Op::Index || in.op == ir::Op::Uniform;
      if (in.op == ir::Op::Table)
        v = varying[in.b];
      else {
        if (n >= 1) v = v || varying[in.a];
        if (n >= 2) v = v || varying[in.b];
        if (n >= 3) v = v || varying[in.c];
      }
      varying[i] = v;
      if (v)
        per_point_.push_back(static_cast<uint32_t>(i));
      else
        step(i);
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
    point_ = point;
    for (uint32_t i : per_point_) step(i);
    return regs_.data();
  }

 private:
  void step(size_t i) {
    const ir::Inst& in = k_.insts[i];
    switch (in.op) {
      case ir::Op::Const: regs_[i] = in.imm; break;
      case ir::Op::Index: regs_[i] = static_cast<double>(idx_[in.a]); break;
      case ir::Op::Uniform: regs_[i] = rt::uniform01(k_.seed, point_, in.a); break;
      case ir::Op::Table: {
        const auto& t = k_.tables[in.a];
        double j = regs_[in.b];
        regs_[i] = j >= 0 && j < static_cast<double>(t.size()) ? t[static_cast<size_t>(j)] : NAN;
        break;
      }
      default: regs_[i] = ir::eval(in.op, regs_[in.a], regs_[in.b], regs_[in.c]); break;
    }
  }

  const ir::Kernel& k_;
  std::vector<double> regs_;
  std::vector<uint64_t> idx_;
  std::vector<uint32_t> per_point_;
  uint64_t point_ = 0;
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
