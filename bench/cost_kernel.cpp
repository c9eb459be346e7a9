// The cost kernel of bench/cost_kernel.tco.in, written by hand in C++ (bench/run compiles
// it with g++ -O3 -march=native -ffp-contract=off; not a test).
//
//   cost_kernel MODE P U REDUCE
//     MODE    nested: four nested loops, each sub-expression computed at the loop of the
//             innermost axis it depends on, as one writes a sweep by hand (the baseline);
//             flat: one loop over the flat index with an odometer, every operation at
//             every point (the shape of tcoc's kernels; for reading the gap)
//     P, U    the number of power prices and utilisations (the grid is 4 x 2500 x P x U)
//     REDUCE  by (best min cost by gpu), best (best min cost), top (top 10 by min cost)
//
// Prints `points N`, `met M`, `ms T` (the sweep alone) and the kept rows, best first, as
// tab-separated `name batch power_price util cost` with 17 significant digits.
//
// The formula is the plan's, operation for operation and in the same order (see
// `tcoc run --emit=ir`), in f64 with no FMA contraction, so the results are bit-identical
// to tcoc's. Constants are in SI base units, as tcoc folds them: $/J, B/s, FLOP/s, W, $, s.
// Ties go to the lower flat index (row-major, the last axis fastest), as in tcoc.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

struct Gpu {
  const char* name;
  double bandwidth, flops, tdp, price;
};
const Gpu kGpus[4] = {
    {"H100 SXM", 3350000000000, 1979000000000000, 700, 30000},
    {"H200", 4800000000000, 1979000000000000, 700, 35000},
    {"B200", 7700000000000, 4500000000000000, 1000, 45000},
    {"MI300X", 5300000000000, 2615000000000000, 750, 20000},
};
constexpr uint64_t kBatches = 2500;               // batch in 1 .. 2500
constexpr double kPriceLo = 1.111111111111111e-08;  // $0.04/kWh in $/J
constexpr double kPriceSpan = 4.444444444444444e-08;  // $0.16/kWh in $/J
constexpr double kTopN = 10;

// tcoc's max: NaN-propagating, else the second operand only when strictly greater.
inline double max_nan(double a, double b) { return (a != a || b != b) ? __builtin_nan("") : (b > a ? b : a); }

// The plan's lets, in its order, split by the axis they first depend on so that the nested
// loops can compute each at its level; the flat loop calls all four at every point.
struct PerGpu {
  double mem_bw, compute, capex, power;  // the sub-expressions that depend on the GPU only
};
inline PerGpu per_gpu(const Gpu& gpu) {
  return {8 * gpu.bandwidth * 0.8, 8 * gpu.flops * 0.5, gpu.price / 126230400, gpu.tdp * 1.3};
}
struct PerBatch {
  double batch, tpot, tokens;
};
inline PerBatch per_batch(const PerGpu& g, uint64_t b) {
  const double batch = 1 + double(b);
  const double kv = batch * 1000 * 160000;
  const double t_mem = (70600000000.0 + kv) / g.mem_bw;
  const double t_compute = 141200000000.0 * batch / g.compute;
  const double tpot = max_nan(t_mem, t_compute) + 0.005;
  const double tokens = batch * (1 / tpot);  // tcoc reads `batch * 1 tok / tpot` so
  return {batch, tpot, tokens};
}
inline bool where(const PerBatch& b) { return b.tpot <= 0.025; }
struct PerPrice {
  double power_price, rate;
};
inline PerPrice per_price(const PerGpu& g, uint64_t p, double price_step) {
  const double power_price = kPriceLo + (0 + double(p)) * price_step;
  return {power_price, 8 * (g.capex + g.power * power_price)};
}
inline double util_of(uint64_t u, double util_step) { return 0.3 + (0 + double(u)) * util_step; }
inline double cost_of(const PerBatch& b, const PerPrice& p, double util) { return p.rate / (b.tokens * util); }

struct Row {
  double cost;
  uint64_t index;
  int gpu;
  uint64_t b;
  double power_price, util;
};

enum class Reduce { By, Best, Top };

// The reducer: one best row per GPU (groups in order of appearance), one best row, or the
// 10 best rows. Points arrive in increasing index order, so "strictly better" keeps the
// lower index on ties.
struct Reducer {
  Reduce kind;
  std::vector<Row> rows;     // By: per GPU (seen[g]); Best: rows[0]; Top: sorted, best first
  bool seen[4] = {false, false, false, false};
  uint64_t met = 0;

  inline void add(const Row& r) {
    switch (kind) {
      case Reduce::By: {
        Row& cur = rows[r.gpu];
        if (!seen[r.gpu]) {
          seen[r.gpu] = true;
          cur = r;
        } else if (r.cost < cur.cost) {
          cur = r;
        }
        break;
      }
      case Reduce::Best:
        if (rows.empty()) rows.push_back(r);
        else if (r.cost < rows[0].cost) rows[0] = r;
        break;
      case Reduce::Top: {
        if (rows.size() == size_t(kTopN) && !(r.cost < rows.back().cost)) break;
        size_t at = rows.size();
        while (at > 0 && r.cost < rows[at - 1].cost) --at;
        rows.insert(rows.begin() + at, r);
        if (rows.size() > size_t(kTopN)) rows.pop_back();
        break;
      }
    }
  }
  std::vector<Row> result() const {
    if (kind != Reduce::By) return rows;
    std::vector<Row> out;
    for (int g = 0; g < 4; ++g)
      if (seen[g]) out.push_back(rows[g]);
    return out;
  }
};

template <Reduce K>
void nested(uint64_t P, uint64_t U, Reducer& red) {
  red.kind = K;  // a constant in this instantiation: the switch in add() folds away
  const double price_step = kPriceSpan / double(P), util_step = 0.65 / double(U);
  for (int g = 0; g < 4; ++g) {
    const PerGpu pg = per_gpu(kGpus[g]);
    for (uint64_t b = 0; b < kBatches; ++b) {
      const PerBatch pb = per_batch(pg, b);
      if (!where(pb)) continue;  // the `where` depends on (gpu, batch) only
      const uint64_t base = (uint64_t(g) * kBatches + b) * P * U;
      red.met += P * U;
      for (uint64_t p = 0; p < P; ++p) {
        const PerPrice pp = per_price(pg, p, price_step);
        for (uint64_t u = 0; u < U; ++u) {
          const double util = util_of(u, util_step);
          const double cost = cost_of(pb, pp, util);
          red.add({cost, base + p * U + u, g, b, pp.power_price, util});
        }
      }
    }
  }
}

void flat(uint64_t P, uint64_t U, Reducer& red) {
  const double price_step = kPriceSpan / double(P), util_step = 0.65 / double(U);
  const uint64_t points = 4 * kBatches * P * U;
  uint64_t g = 0, b = 0, p = 0, u = 0;
  for (uint64_t index = 0; index < points; ++index) {
    const PerGpu pg = per_gpu(kGpus[g]);
    const PerBatch pb = per_batch(pg, b);
    const PerPrice pp = per_price(pg, p, price_step);
    const double util = util_of(u, util_step);
    const double cost = cost_of(pb, pp, util);
    if (where(pb)) {
      ++red.met;
      red.add({cost, index, int(g), b, pp.power_price, util});
    }
    if (++u == U) {
      u = 0;
      if (++p == P) {
        p = 0;
        if (++b == kBatches) {
          b = 0;
          ++g;
        }
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: cost_kernel nested|flat P U by|best|top\n");
    return 2;
  }
  const bool is_flat = std::strcmp(argv[1], "flat") == 0;
  const uint64_t P = std::strtoull(argv[2], nullptr, 10), U = std::strtoull(argv[3], nullptr, 10);
  Reducer red;
  red.kind = std::strcmp(argv[4], "by") == 0 ? Reduce::By : std::strcmp(argv[4], "best") == 0 ? Reduce::Best : Reduce::Top;
  if (red.kind == Reduce::By) red.rows.resize(4);
  auto t0 = std::chrono::steady_clock::now();
  if (is_flat) flat(P, U, red);
  else if (red.kind == Reduce::By) nested<Reduce::By>(P, U, red);
  else if (red.kind == Reduce::Best) nested<Reduce::Best>(P, U, red);
  else nested<Reduce::Top>(P, U, red);
  auto t1 = std::chrono::steady_clock::now();
  std::printf("points %llu\nmet %llu\nms %.3f\n", (unsigned long long)(4 * kBatches * P * U),
              (unsigned long long)red.met, std::chrono::duration<double, std::milli>(t1 - t0).count());
  for (const Row& r : red.result())
    std::printf("%s\t%.17g\t%.17g\t%.17g\t%.17g\n", kGpus[r.gpu].name, 1 + double(r.b), r.power_price, r.util, r.cost);
  return 0;
}
