// Streaming reductions (see reduce.h). Every reducer's finish() is a function of the set
// of (index, point) pairs added, never of the order or of how the index space was split:
// ties go to the lower index, and sums are exact (ExactSum) until they are read.
#include "runtime/reduce.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <map>
#include <utility>

#include "runtime/exact_sum.h"
#include "runtime/quantile_sketch.h"

namespace tco::rt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Objectives are compared in "minimise" form: a maximised objective is negated.
double as_min(double v, bool maximize) { return maximize ? -v : v; }

// (a, ia) is strictly better than (b, ib): lower objective, then lower index.
bool better(double a, uint64_t ia, double b, uint64_t ib) { return a < b || (a == b && ia < ib); }

// ---- All -------------------------------------------------------------------
struct AllState {
  std::vector<double> rows;  // kept rows, flat
  uint64_t kept = 0;
  bool overflowed = false;
};

// ---- Best: one best point per group, groups keyed by exact double values ------
// Keys are canonicalised (-0 → +0, every NaN → one NaN) and compared bit for bit, so
// "exactly equal as doubles" holds and NaN keys form one group instead of one per point.
struct BestState {
  size_t nkeys = 0;
  std::vector<uint64_t> keys;      // per group: nkeys canonical key bit patterns
  std::vector<double> obj;         // per group: best objective (minimise form)
  std::vector<uint64_t> best_idx;  // per group: index of the best point
  std::vector<uint64_t> first;     // per group: lowest index seen (order of appearance)
  std::vector<double> rows;        // per group: width values of the best point
  std::vector<uint32_t> slots;     // open addressing: group number + 1, 0 = empty
  std::vector<uint64_t> scratch;   // canonical keys of the point being added
};

uint64_t canonical_key(double v) {
  if (v == 0) v = 0;  // -0 → +0
  if (std::isnan(v)) v = kNaN;
  uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

uint64_t hash_keys(const uint64_t* k, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  for (size_t i = 0; i < n; ++i) {
    h ^= k[i];
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 29;
  }
  return h;
}

// ---- Top: a bounded heap whose top is the worst kept point ---------------------
struct TopEntry {
  double obj;  // minimise form
  uint64_t index;
  size_t slot;  // row storage slot
};
struct TopState {
  std::vector<TopEntry> heap;
  std::vector<double> rows;  // slot * width
};
bool top_less(const TopEntry& a, const TopEntry& b) { return better(a.obj, a.index, b.obj, b.index); }

// ---- Pareto: the frontier, in minimise form sorted by a ascending (b then descends) --
struct ParetoPoint {
  double a, b;
  uint64_t index;
  std::vector<double> row;
};
struct ParetoState {
  // Keyed by a, which no two frontier points share (of two with equal a, one dominates).
  // A map, not a sorted vector: when every point is on the frontier (two objectives that
  // trade off along the whole sweep) each insertion into a vector moved the rest, and a
  // sweep of 1,000,000 points ran for hours.
  std::map<double, ParetoPoint> front;
};

// ---- Summary ------------------------------------------------------------------
struct ColumnStats {
  ExactSum sum;       // Mean, Sum, Stddev
  ExactSum sum_sq;    // Stddev: Σx² exactly (each square split into hi + lo with fma)
  double min = kNaN;  // over non-NaN values; -0 counts as below +0
  double max = kNaN;
  bool nan = false;
  std::vector<double> values;  // Percentile
  QuantileSketch sketch;       // Sketch
};
struct SummaryState {
  std::vector<ColumnStats> cols;
};

bool below(double a, double b) { return a < b || (a == b && std::signbit(a) && !std::signbit(b)); }

// Sort order for percentiles: ascending, -0 before +0, NaN last.
bool percentile_order(double a, double b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return below(a, b);
}

// numpy.percentile(method="linear"): h = (n-1)·q with q = p/100, then numpy's _lerp.
double percentile_sorted(const std::vector<double>& x, double p) {
  const size_t n = x.size();
  if (n == 0 || std::isnan(p)) return kNaN;
  const double q = std::clamp(p, 0.0, 100.0) / 100;
  const double h = double(n - 1) * q;
  const double fl = std::floor(h);
  const size_t lo = std::min(size_t(fl), n - 1);
  const size_t hi = std::min(lo + 1, n - 1);
  const double t = h - fl, a = x[lo], b = x[hi];
  if (t == 0 || lo == hi) return a;
  if (a == b) return a;
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

double stddev_of(const ColumnStats& c, uint64_t n) {
  if (n < 2 || c.nan) return kNaN;
  double s1hi, s1lo;
  c.sum.split(s1hi, s1lo);
  const double s2 = c.sum_sq.value();
  if (!std::isfinite(s1hi) || !std::isfinite(s2)) return kNaN;
  // Σ(x - m)² = Σx² - 2m·Σx + n·m², every product added exactly (two-product via fma).
  const double m = s1hi / double(n);
  ExactSum acc = c.sum_sq;
  auto add_product = [&acc](double x, double y) {
    const double p = x * y;
    acc.add(p);
    acc.add(std::fma(x, y, -p));
  };
  add_product(-2 * m, s1hi);
  add_product(-2 * m, s1lo);
  const double mm = m * m, mm_lo = std::fma(m, m, -mm);
  add_product(double(n), mm);
  add_product(double(n), mm_lo);
  const double ss = std::max(acc.value(), 0.0);
  return std::sqrt(ss / double(n - 1));
}

}  // namespace

struct Reducer::Impl {
  ReduceSpec spec;
  uint64_t points = 0;
  AllState all;
  BestState best;
  TopState top;
  ParetoState pareto;
  SummaryState summary;

  explicit Impl(ReduceSpec s) : spec(std::move(s)) {
    if (spec.kind == ReduceSpec::Best) {
      best.nkeys = spec.keys;
      best.scratch.resize(spec.keys);
    }
    if (spec.kind == ReduceSpec::Summary) summary.cols.resize(spec.width);
  }
  bool maximize(size_t i) const { return i < spec.maximize.size() && spec.maximize[i]; }
  Agg agg(size_t col) const { return col < spec.aggs.size() ? spec.aggs[col].kind : Agg::Mean; }

  void add_all(const double* row) {
    if (all.kept >= spec.max_rows) {
      all.overflowed = true;
      return;
    }
    if (spec.width) all.rows.insert(all.rows.end(), row, row + spec.width);
    ++all.kept;
  }

  // Best: insert or improve the group of `keys` (canonical) with one candidate.
  void best_offer(const uint64_t* keys, double obj, uint64_t index, uint64_t first,
                  const double* row) {
    BestState& b = best;
    if (b.slots.empty()) b.slots.assign(16, 0);
    const size_t mask = b.slots.size() - 1;
    size_t s = hash_keys(keys, b.nkeys) & mask;
    while (b.slots[s]) {
      const size_t g = b.slots[s] - 1;
      if (std::equal(keys, keys + b.nkeys, b.keys.begin() + g * b.nkeys)) {
        if (better(obj, index, b.obj[g], b.best_idx[g])) {
          b.obj[g] = obj;
          b.best_idx[g] = index;
          if (spec.width) std::copy_n(row, spec.width, b.rows.begin() + g * spec.width);
        }
        b.first[g] = std::min(b.first[g], first);
        return;
      }
      s = (s + 1) & mask;
    }
    const size_t g = b.obj.size();
    b.slots[s] = uint32_t(g + 1);
    b.keys.insert(b.keys.end(), keys, keys + b.nkeys);
    b.obj.push_back(obj);
    b.best_idx.push_back(index);
    b.first.push_back(first);
    if (spec.width) b.rows.insert(b.rows.end(), row, row + spec.width);
    if ((g + 1) * 2 > b.slots.size()) rehash(b.slots.size() * 2);
  }
  void rehash(size_t n) {
    BestState& b = best;
    b.slots.assign(n, 0);
    for (size_t g = 0; g < b.obj.size(); ++g) {
      size_t s = hash_keys(b.keys.data() + g * b.nkeys, b.nkeys) & (n - 1);
      while (b.slots[s]) s = (s + 1) & (n - 1);
      b.slots[s] = uint32_t(g + 1);
    }
  }

  void top_offer(double obj, uint64_t index, const double* row) {
    if (spec.top_n == 0) return;
    TopEntry e{obj, index, 0};
    if (top.heap.size() < spec.top_n) {
      e.slot = top.heap.size();
      if (spec.width) top.rows.insert(top.rows.end(), row, row + spec.width);
      top.heap.push_back(e);
      std::push_heap(top.heap.begin(), top.heap.end(), top_less);
      return;
    }
    if (!top_less(e, top.heap.front())) return;
    std::pop_heap(top.heap.begin(), top.heap.end(), top_less);
    e.slot = top.heap.back().slot;
    top.heap.back() = e;
    if (spec.width) std::copy_n(row, spec.width, top.rows.begin() + e.slot * spec.width);
    std::push_heap(top.heap.begin(), top.heap.end(), top_less);
  }

  // p dominates q: at least as good in both, strictly better in one, or an exact
  // duplicate with a lower index.
  static bool dominates(double pa, double pb, uint64_t pi, double qa, double qb, uint64_t qi) {
    return pa <= qa && pb <= qb && (pa < qa || pb < qb || pi < qi);
  }
  void pareto_offer(double a, double b, uint64_t index, const double* row) {
    auto& f = pareto.front;
    // The last frontier point with p.a <= a has the smallest b among those: only it can
    // dominate the candidate.
    auto after = f.upper_bound(a);
    if (after != f.begin()) {
      const ParetoPoint& p = std::prev(after)->second;
      if (dominates(p.a, p.b, p.index, a, b, index)) return;
    }
    // Points the candidate dominates have p.a >= a and p.b >= b: a contiguous run
    // starting at the first point with p.a >= a.
    auto first = f.lower_bound(a);
    auto last = first;
    while (last != f.end() && dominates(a, b, index, last->second.a, last->second.b, last->second.index)) ++last;
    auto hint = f.erase(first, last);
    f.emplace_hint(hint, a, ParetoPoint{a, b, index, spec.width ? std::vector<double>(row, row + spec.width)
                                                                : std::vector<double>{}});
  }

  void summary_add(const double* row) {
    for (size_t c = 0; c < spec.width; ++c) {
      ColumnStats& s = summary.cols[c];
      const double x = row[c];
      switch (agg(c)) {
        case Agg::Count: break;
        case Agg::Mean:
        case Agg::Sum: s.sum.add(x); break;
        case Agg::Stddev: {
          s.sum.add(x);
          const double sq = x * x;
          s.sum_sq.add(sq);
          if (std::isfinite(sq)) s.sum_sq.add(std::fma(x, x, -sq));
          break;
        }
        case Agg::Min:
        case Agg::Max:
          if (std::isnan(x)) s.nan = true;
          else {
            if (std::isnan(s.min) || below(x, s.min)) s.min = x;
            if (std::isnan(s.max) || below(s.max, x)) s.max = x;
          }
          break;
        case Agg::Percentile: s.values.push_back(x); break;
        case Agg::Sketch: s.sketch.add(x); break;
      }
      if (std::isnan(x)) s.nan = true;
    }
  }
};

Reducer::Reducer(ReduceSpec spec) : impl_(std::make_unique<Impl>(std::move(spec))) {}
Reducer::~Reducer() = default;
Reducer::Reducer(Reducer&&) noexcept = default;
Reducer& Reducer::operator=(Reducer&&) noexcept = default;

double Reducer::threshold() const {
  const Impl& m = *impl_;
  double t = NAN;
  if (m.spec.kind == ReduceSpec::Best && m.spec.keys == 0 && !m.best.obj.empty()) t = m.best.obj[0];
  if (m.spec.kind == ReduceSpec::Top && m.spec.top_n > 0 && m.top.heap.size() == m.spec.top_n)
    t = m.top.heap.front().obj;
  // Objectives are kept as minimisation (maximised ones negated); give back the original sign.
  return m.maximize(0) ? -t : t;
}

void Reducer::add(uint64_t index, const double* row, const double* obj, const double* keys) {
  Impl& m = *impl_;
  ++m.points;
  switch (m.spec.kind) {
    case ReduceSpec::All: m.add_all(row); break;
    case ReduceSpec::Best: {
      if (std::isnan(obj[0])) return;
      for (size_t i = 0; i < m.best.nkeys; ++i) m.best.scratch[i] = canonical_key(keys[i]);
      m.best_offer(m.best.scratch.data(), as_min(obj[0], m.maximize(0)), index, index, row);
      break;
    }
    case ReduceSpec::Top:
      if (std::isnan(obj[0])) return;
      m.top_offer(as_min(obj[0], m.maximize(0)), index, row);
      break;
    case ReduceSpec::Pareto:
      if (std::isnan(obj[0]) || std::isnan(obj[1])) return;
      m.pareto_offer(as_min(obj[0], m.maximize(0)), as_min(obj[1], m.maximize(1)), index, row);
      break;
    case ReduceSpec::Summary: m.summary_add(row); break;
  }
}

void Reducer::merge(Reducer&& later) {
  Impl& m = *impl_;
  Impl& o = *later.impl_;
  m.points += o.points;
  const size_t w = m.spec.width;
  switch (m.spec.kind) {
    case ReduceSpec::All: {
      const uint64_t room = m.spec.max_rows - std::min(m.spec.max_rows, m.all.kept);
      const uint64_t take = std::min(room, o.all.kept);
      m.all.rows.insert(m.all.rows.end(), o.all.rows.begin(), o.all.rows.begin() + take * w);
      m.all.kept += take;
      m.all.overflowed = m.all.overflowed || o.all.overflowed || take < o.all.kept;
      break;
    }
    case ReduceSpec::Best:
      for (size_t g = 0; g < o.best.obj.size(); ++g)
        m.best_offer(o.best.keys.data() + g * o.best.nkeys, o.best.obj[g], o.best.best_idx[g],
                     o.best.first[g], o.best.rows.data() + g * w);
      break;
    case ReduceSpec::Top:
      for (const TopEntry& e : o.top.heap) m.top_offer(e.obj, e.index, o.top.rows.data() + e.slot * w);
      break;
    case ReduceSpec::Pareto:
      for (const auto& [a, p] : o.pareto.front) m.pareto_offer(p.a, p.b, p.index, p.row.data());
      break;
    case ReduceSpec::Summary:
      for (size_t c = 0; c < w; ++c) {
        ColumnStats& a = m.summary.cols[c];
        ColumnStats& b = o.summary.cols[c];
        a.sum.add(b.sum);
        a.sum_sq.add(b.sum_sq);
        if (!std::isnan(b.min) && (std::isnan(a.min) || below(b.min, a.min))) a.min = b.min;
        if (!std::isnan(b.max) && (std::isnan(a.max) || below(a.max, b.max))) a.max = b.max;
        a.nan = a.nan || b.nan;
        a.values.insert(a.values.end(), b.values.begin(), b.values.end());
        a.sketch.merge(b.sketch);
      }
      break;
  }
}

uint64_t Reducer::points() const { return impl_->points; }
bool Reducer::overflowed() const { return impl_->spec.kind == ReduceSpec::All && impl_->all.overflowed; }

std::vector<std::vector<double>> Reducer::finish() const {
  const Impl& m = *impl_;
  const size_t w = m.spec.width;
  std::vector<std::vector<double>> out;
  auto row_at = [w](const std::vector<double>& flat, size_t i) {
    return std::vector<double>(flat.begin() + i * w, flat.begin() + (i + 1) * w);
  };
  switch (m.spec.kind) {
    case ReduceSpec::All:
      for (uint64_t i = 0; i < m.all.kept; ++i) out.push_back(row_at(m.all.rows, i));
      break;
    case ReduceSpec::Best: {
      std::vector<size_t> order(m.best.obj.size());
      for (size_t g = 0; g < order.size(); ++g) order[g] = g;
      std::sort(order.begin(), order.end(),
                [&](size_t x, size_t y) { return m.best.first[x] < m.best.first[y]; });
      for (size_t g : order) out.push_back(row_at(m.best.rows, g));
      break;
    }
    case ReduceSpec::Top: {
      std::vector<TopEntry> sorted = m.top.heap;
      std::sort(sorted.begin(), sorted.end(), top_less);
      for (const TopEntry& e : sorted) out.push_back(row_at(m.top.rows, e.slot));
      break;
    }
    case ReduceSpec::Pareto:
      // Strictly increasing in the first metric (minimise form): already best first.
      for (const auto& [a, p] : m.pareto.front) out.push_back(p.row);
      break;
    case ReduceSpec::Summary: {
      std::vector<double> row(w);
      const uint64_t n = m.points;
      for (size_t c = 0; c < w; ++c) {
        const ColumnStats& s = m.summary.cols[c];
        switch (m.agg(c)) {
          case Agg::Count: row[c] = double(n); break;
          case Agg::Sum: row[c] = s.sum.value(); break;
          case Agg::Mean: row[c] = n ? s.sum.value() / double(n) : kNaN; break;
          case Agg::Min: row[c] = s.nan ? kNaN : s.min; break;
          case Agg::Max: row[c] = s.nan ? kNaN : s.max; break;
          case Agg::Stddev: row[c] = stddev_of(s, n); break;
          case Agg::Percentile: {
            std::vector<double> v = s.values;
            std::sort(v.begin(), v.end(), percentile_order);
            row[c] = percentile_sorted(v, m.spec.aggs[c].p);
            break;
          }
          case Agg::Sketch: row[c] = s.sketch.percentile(m.spec.aggs[c].p); break;
        }
      }
      out.push_back(std::move(row));
      break;
    }
  }
  return out;
}

}  // namespace tco::rt
