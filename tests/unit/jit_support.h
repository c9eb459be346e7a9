// Helpers for the JIT's tests: hand-built kernels, a recording sink, and the interpreter's
// semantics point by point (ir::evaluate) to compare compiled kernels with, bit for bit.
#pragma once
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/evaluate.h"
#include "compiler/ir/ops.h"
#include "compiler/jit/jit.h"
#include "runtime/rng.h"
#include "runtime/sink.h"

namespace tco::test {

using ir::Op;
using ir::ValueId;


inline uint64_t bits(double x) {
  uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

struct Row {
  uint64_t index;
  std::vector<double> values;
};

// A sink that records every call. Standard layout: the kernel sees &sink.
struct Recorder {
  TcoSink sink{};
  size_t width = 0;
  std::vector<Row> rows;
  std::function<void(Recorder&, uint64_t, const double*)> on_add;

  explicit Recorder(size_t w) : width(w) {
    sink.add = &Recorder::add;
    sink.threshold = NAN;
  }
  static void add(TcoSink* s, uint64_t i, const double* v) {
    auto* r = reinterpret_cast<Recorder*>(s);
    r->rows.push_back({i, std::vector<double>(v, v + r->width)});
    if (r->on_add) r->on_add(*r, i, v);
  }
};

inline size_t width(const ir::Kernel& k) { return k.outputs.size() + k.objectives.size() + k.keys.size(); }

// The interpreter's evaluation (compiler/interp/interp.cpp), point by point: row-major
// decomposition by division, ir::evaluate for every instruction (NaN for a table index out of
// range, a search bisected one candidate at a time).
inline std::vector<Row> reference(const ir::Kernel& k, uint64_t begin, uint64_t end) {
  std::vector<double> r(k.insts.size());
  std::vector<uint64_t> idx(k.axes.size());
  std::vector<Row> out;
  for (uint64_t p = begin; p < end; ++p) {
    uint64_t rest = p;
    for (size_t a = k.axes.size(); a-- > 0;) {
      idx[a] = rest % k.axes[a].size;
      rest /= k.axes[a].size;
    }
    const ir::Frame f{k, r.data(), idx.data(), p};
    for (size_t i = 0; i < k.insts.size();) i = ir::evaluate(f, i);
    bool keep = true;
    for (auto w : k.where) keep = keep && r[w] != 0;
    if (!keep) continue;
    Row row{p, {}};
    for (const auto* list : {&k.outputs, &k.objectives, &k.keys})
      for (ValueId v : *list) row.values.push_back(r[v]);
    out.push_back(std::move(row));
  }
  return out;
}

// Runs a compiled kernel on [begin, end) with the kernel's own tables, sizes and seed.
inline void run(TcoKernelFn f, const ir::Kernel& k, uint64_t begin, uint64_t end, Recorder& rec) {
  std::vector<const double*> tables;
  for (const auto& t : k.tables) tables.push_back(t.data());
  std::vector<uint64_t> sizes;
  for (const auto& a : k.axes) sizes.push_back(a.size);
  TcoKernelArgs args{tables.data(), sizes.data(), k.seed};
  tco::call_kernel(f, begin, end, &args, &rec.sink);
}

inline std::vector<Row> run(TcoKernelFn f, const ir::Kernel& k, uint64_t begin, uint64_t end) {
  Recorder rec(width(k));
  run(f, k, begin, end, rec);
  return std::move(rec.rows);
}

// Every value bit-identical, NaNs included (sign and payload). With `nan_is_nan`, any two
// NaNs count as equal: when both operands of a+b or a*b are NaNs of different signs, which
// one propagates is unspecified (LLVM, like gcc, may commute the operands; CSE merges a+b
// and b+a), and the runtime prints every NaN alike.
inline void check_same(const std::vector<Row>& got, const std::vector<Row>& want, bool nan_is_nan = false) {
  REQUIRE(got.size() == want.size());
  for (size_t r = 0; r < got.size(); ++r) {
    CAPTURE(r, want[r].index);
    CHECK(got[r].index == want[r].index);
    REQUIRE(got[r].values.size() == want[r].values.size());
    for (size_t c = 0; c < got[r].values.size(); ++c) {
      CAPTURE(c, got[r].values[c], want[r].values[c]);
      if (nan_is_nan && std::isnan(got[r].values[c]) && std::isnan(want[r].values[c])) continue;
      CHECK(bits(got[r].values[c]) == bits(want[r].values[c]));
    }
  }
}

// A kernel built by hand.
struct KB {
  ir::Kernel k;
  ValueId op(Op o, ValueId a = 0, ValueId b = 0, ValueId c = 0) {
    k.insts.push_back({o, a, b, c, 0});
    return ValueId(k.insts.size() - 1);
  }
  ValueId konst(double x) {
    k.insts.push_back({Op::Const, 0, 0, 0, x});
    return ValueId(k.insts.size() - 1);
  }
  ValueId index(uint32_t axis) { return op(Op::Index, axis); }
  ValueId uniform(uint32_t stream) { return op(Op::Uniform, stream); }
  ValueId lookup(uint32_t table, ValueId i) { return op(Op::Table, table, i); }
  uint32_t axis(uint64_t n) {
    k.axes.push_back({"a" + std::to_string(k.axes.size()), n});
    return uint32_t(k.axes.size() - 1);
  }
  uint32_t table(std::vector<double> v) {
    k.tables.push_back(std::move(v));
    return uint32_t(k.tables.size() - 1);
  }
};

inline ir::Program program_of(std::vector<ir::Kernel> studies) {
  ir::Program p;
  for (auto& k : studies) {
    ir::StudyItem s;
    s.kernel = std::move(k);
    p.studies.push_back(std::move(s));
  }
  return p;
}

inline void compile(jit::Jit& j, const ir::Program& p) {
  std::string error;
  bool ok = j.compile(p, &error);
  INFO(error);
  REQUIRE(ok);
}

inline std::unique_ptr<jit::Jit> make_jit() {
  std::string error;
  auto j = jit::Jit::create(&error);
  INFO(error);
  REQUIRE(j);
  return j;
}

// Compiles the kernels as studies and checks each against the reference on all its points.
inline void check_kernels(std::vector<ir::Kernel> ks, bool nan_is_nan = false) {
  ir::Program p = program_of(ks);
  auto j = make_jit();
  compile(*j, p);
  for (size_t i = 0; i < ks.size(); ++i) {
    const ir::Kernel& k = p.studies[i].kernel;
    REQUIRE(j->study_kernel(i) != nullptr);
    check_same(run(j->study_kernel(i), k, 0, k.points()), reference(k, 0, k.points()), nan_is_nan);
  }
}

inline const std::vector<double> kSpecial = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.0, 0.1, 1e-10, 1e308, -1e308, 5e-324,
    2.2250738585072014e-308, M_PI, 100.0, 710.0, -745.5, 1024.0, 4503599627370497.0,
    0.49999999999999994, -0.49999999999999994, INFINITY, -INFINITY, NAN, -NAN};

}  // namespace tco::test
