#include "compiler/interp/interp.h"

#include <fmt/format.h>

#include "compiler/interp/assemble.h"
#include "compiler/ir/ops.h"
#include "runtime/format.h"
#include "runtime/reduce.h"
#include "runtime/rng.h"

namespace tco::interp {
namespace {

// Beyond this a sweep would run for hours even compiled; it is surely a mistake.
constexpr uint64_t kMaxPoints = 1000000000000ull;

// Evaluates a kernel: invariant instructions once, the rest per point.
class Evaluator {
 public:
  explicit Evaluator(const ir::Kernel& k) : k_(k), regs_(k.insts.size()), idx_(k.axes.size()) {
    std::vector<bool> varying(k.insts.size(), false);
    for (size_t i = 0; i < k.insts.size(); ++i) {
      const ir::Inst& in = k.insts[i];
      int n = ir::op_arity(in.op);
      bool v = in.op == ir::Op::Index || in.op == ir::Op::Uniform;
      if (in.op == ir::Op::Table) v = varying[in.b];
      else {
        if (n >= 1) v = v || varying[in.a];
        if (n >= 2) v = v || varying[in.b];
        if (n >= 3) v = v || varying[in.c];
      }
      varying[i] = v;
      if (v) per_point_.push_back(static_cast<uint32_t>(i));
      else step(i);
    }
  }

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
        auto j = static_cast<size_t>(regs_[in.b]);
        regs_[i] = j < t.size() ? t[j] : NAN;
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

bool run_study(const ir::StudyItem& s, const ir::Program& prog, const RunOptions& opts, rt::RunResult& out,
               Diagnostics& diags) {
  const ir::Kernel& k = s.kernel;
  uint64_t total = k.points();
  if (total > kMaxPoints) {
    diags.report(DiagKind::SweepTooLarge, s.span, s.title, rt::format_human(double(total), rt::NumberStyle::Count),
                 rt::format_human(double(kMaxPoints), rt::NumberStyle::Count))
        .hint("narrow the axes: coarser steps, fewer values, or split the sweep");
    return false;
  }
  rt::ReduceSpec spec = s.reduce;
  spec.max_rows = opts.max_rows;
  if (spec.kind == rt::ReduceSpec::All && k.where.empty() && total > opts.max_rows) {
    diags.report(DiagKind::TooManyRows, s.span, s.title, rt::format_human(double(total), rt::NumberStyle::Count))
        .hint("reduce it with `best min ... by ...`, `top N by ...` or `pareto`, or summarise it with `show mean(x)`");
    return false;
  }
  rt::Reducer red(spec);
  Evaluator ev(k);
  std::vector<double> row(k.outputs.size()), obj(k.objectives.size()), keys(k.keys.size());
  for (uint64_t p = 0; p < total; ++p) {
    const double* r = ev.at(p);
    bool keep = true;
    for (auto w : k.where) keep = keep && r[w] != 0;
    if (!keep) continue;
    for (size_t i = 0; i < row.size(); ++i) row[i] = r[k.outputs[i]];
    for (size_t i = 0; i < obj.size(); ++i) obj[i] = r[k.objectives[i]];
    for (size_t i = 0; i < keys.size(); ++i) keys[i] = r[k.keys[i]];
    red.add(p, row.data(), obj.data(), keys.data());
    if (red.overflowed()) {
      diags.report(DiagKind::TooManyRows, s.span, s.title, "more than " + rt::format_human(double(opts.max_rows), rt::NumberStyle::Count))
          .hint("reduce it with `best min ... by ...`, `top N by ...` or `pareto`, or filter it with `where`");
      return false;
    }
  }
  assemble_study(s, prog, red, total, out);
  return true;
}

}  // namespace

bool run(const ir::Program& prog, const RunOptions& opts, rt::RunResult& out, Diagnostics& diags) {
  for (const auto& ref : prog.order) {
    switch (ref.kind) {
      case ir::ItemKind::Report: {
        const auto& r = prog.reports[ref.index];
        Evaluator ev(r.kernel);
        assemble_report(r, prog, ev.at(0), out);
        break;
      }
      case ir::ItemKind::Study:
        if (!run_study(prog.studies[ref.index], prog, opts, out, diags)) return false;
        break;
      case ir::ItemKind::Assert: {
        const auto& a = prog.asserts[ref.index];
        Evaluator ev(a.kernel);
        assemble_assert(a, prog, ev.at(0), out);
        break;
      }
    }
  }
  return true;
}

}  // namespace tco::interp
