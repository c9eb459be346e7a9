#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "runtime/reduce.h"

using namespace tco::rt;
using Rows = std::vector<std::vector<double>>;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// One point of a test stream: its row, objectives and group keys.
struct Pt {
  std::vector<double> row, obj, keys;
};

void feed(Reducer& r, const std::vector<Pt>& pts, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i)
    r.add(i, pts[i].row.data(), pts[i].obj.data(), pts[i].keys.data());
}

Rows run(const ReduceSpec& spec, const std::vector<Pt>& pts) {
  Reducer r(spec);
  feed(r, pts, 0, pts.size());
  return r.finish();
}

// Bit-for-bit equality (NaN equals NaN, -0 differs from +0).
bool same(const Rows& a, const Rows& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size()) return false;
    if (!a[i].empty() && std::memcmp(a[i].data(), b[i].data(), a[i].size() * sizeof(double)) != 0)
      return false;
  }
  return true;
}

Pt pt(std::vector<double> row, std::vector<double> obj = {}, std::vector<double> keys = {}) {
  return Pt{std::move(row), std::move(obj), std::move(keys)};
}

ReduceSpec spec_of(ReduceSpec::Kind kind, size_t width) {
  ReduceSpec s;
  s.kind = kind;
  s.width = width;
  return s;
}

}  // namespace

TEST_CASE("All keeps rows in index order up to max_rows", "[reduce]") {
  ReduceSpec s = spec_of(ReduceSpec::All, 2);
  s.max_rows = 3;
  std::vector<Pt> pts;
  for (int i = 0; i < 5; ++i) pts.push_back(pt({double(i), double(10 * i)}));
  Reducer r(s);
  feed(r, pts, 0, 2);
  CHECK_FALSE(r.overflowed());
  feed(r, pts, 2, 5);
  CHECK(r.overflowed());
  CHECK(r.points() == 5);
  CHECK(r.finish() == Rows{{0, 0}, {1, 10}, {2, 20}});

  s.max_rows = 5;
  Reducer exact(s);
  feed(exact, pts, 0, 5);
  CHECK_FALSE(exact.overflowed());
  CHECK(exact.finish().size() == 5);
}

TEST_CASE("Best keeps one best point per group, groups in order of first appearance", "[reduce]") {
  ReduceSpec s = spec_of(ReduceSpec::Best, 2);
  s.maximize = {false};
  s.keys = 1;
  // row = (key, cost); objective = cost
  std::vector<Pt> pts = {
      pt({2, 5}, {5}, {2}),     // group 2 appears first
      pt({1, 9}, {9}, {1}),     // then group 1
      pt({2, 3}, {3}, {2}),     // better for group 2
      pt({1, 9}, {9}, {1}),     // tie: the lower index (1) stays
      pt({3, kNaN}, {kNaN}, {3}),  // NaN objective: ignored, group 3 never appears
      pt({1, 4}, {4}, {1}),
      pt({-0.0, 7}, {7}, {-0.0}),  // -0 and +0 are the same key
      pt({0, 6}, {6}, {0}),
  };
  Reducer r(s);
  feed(r, pts, 0, pts.size());
  CHECK(r.points() == pts.size());
  CHECK(same(r.finish(), Rows{{2, 3}, {1, 4}, {-0.0, 7}}) == false);  // +0 group's best is (0, 6)
  CHECK(same(r.finish(), Rows{{2, 3}, {1, 4}, {0, 6}}));

  SECTION("ties go to the lower index") {
    std::vector<Pt> tie = {pt({1, 1}, {1}, {0}), pt({2, 1}, {1}, {0})};
    CHECK(run(s, tie) == Rows{{1, 1}});
  }
  SECTION("maximize, and no keys means one group") {
    ReduceSpec m = s;
    m.maximize = {true};
    m.keys = 0;
    CHECK(run(m, pts) == Rows{{1, 9}});
  }
  SECTION("several key columns") {
    ReduceSpec k = s;
    k.keys = 2;
    std::vector<Pt> two = {pt({1, 3}, {3}, {0, 1}), pt({2, 2}, {2}, {1, 0}), pt({3, 1}, {1}, {0, 1})};
    CHECK(run(k, two) == Rows{{3, 1}, {2, 2}});
  }
  SECTION("many groups (the hash table grows)") {
    std::vector<Pt> many;
    for (int i = 0; i < 1000; ++i) many.push_back(pt({double(i % 100), double(i)}, {double(-i)}, {double(i % 100)}));
    const Rows out = run(s, many);
    REQUIRE(out.size() == 100);
    for (int g = 0; g < 100; ++g) CHECK(out[g] == std::vector<double>{double(g), double(900 + g)});
  }
}

TEST_CASE("Top keeps the N best, best first, ties by index", "[reduce]") {
  ReduceSpec s = spec_of(ReduceSpec::Top, 1);
  s.maximize = {true};
  s.top_n = 3;
  std::vector<Pt> pts;
  const double objs[] = {5, 9, kNaN, 7, 9, 1, 8, 7};
  for (int i = 0; i < 8; ++i) pts.push_back(pt({double(i)}, {objs[i]}));
  CHECK(run(s, pts) == Rows{{1}, {4}, {6}});
  s.maximize = {false};
  CHECK(run(s, pts) == Rows{{5}, {0}, {3}});
  s.top_n = 100;
  CHECK(run(s, pts).size() == 7);  // all but the NaN
  s.top_n = 0;
  CHECK(run(s, pts).empty());
}

TEST_CASE("Pareto keeps the non-dominated set, sorted by the first metric", "[reduce]") {
  ReduceSpec s = spec_of(ReduceSpec::Pareto, 1);
  s.maximize = {true, true};
  // (per-user speed, per-GPU throughput), both maximised
  const double pts2[][2] = {{10, 100}, {20, 80}, {5, 120}, {20, 80}, {15, 80}, {30, 10},
                            {kNaN, 500}, {25, 10}, {10, 100}, {30, 5}};
  std::vector<Pt> pts;
  for (int i = 0; i < 10; ++i) pts.push_back(pt({double(i)}, {pts2[i][0], pts2[i][1]}));
  // Frontier: (30,10)#5, (20,80)#1 (duplicate #3 dropped), (10,100)#0 (#8 dropped), (5,120)#2.
  CHECK(run(s, pts) == Rows{{5}, {1}, {0}, {2}});

  s.maximize = {false, true};  // minimise the first, maximise the second
  CHECK(run(s, pts) == Rows{{2}});
  s.maximize = {false, false};
  CHECK(run(s, pts) == Rows{{2}, {0}, {4}, {7}, {9}});  // #4 beats #1, #7 beats #5
}

TEST_CASE("Pareto keeps a frontier as large as the sweep", "[reduce]") {
  // Two objectives that trade off along the whole sweep (cost and throughput both rising
  // with the batch): every point is on the frontier, and each new one lands at its front.
  // Kept in a sorted vector, 1,000,000 such points took hours; 200,000 here.
  ReduceSpec s = spec_of(ReduceSpec::Pareto, 1);
  s.maximize = {true, false};
  const int n = 200'000;
  std::vector<Pt> pts;
  for (int i = 0; i < n; ++i) pts.push_back(pt({double(i)}, {double(i), double(i)}));
  const Rows out = run(s, pts);
  REQUIRE(out.size() == size_t(n));
  CHECK(out.front() == std::vector<double>{double(n - 1)});  // best in the first metric first
  CHECK(out.back() == std::vector<double>{0});
}

TEST_CASE("Summary statistics", "[reduce]") {
  ReduceSpec s = spec_of(ReduceSpec::Summary, 9);
  s.aggs = {{Agg::Mean}, {Agg::Min}, {Agg::Max}, {Agg::Sum}, {Agg::Count}, {Agg::Stddev},
            {Agg::Percentile, 10}, {Agg::Percentile, 50}, {Agg::Percentile, 90}};
  std::vector<Pt> pts;
  for (double x : {2, 4, 4, 4, 5, 5, 7, 9}) pts.push_back(pt(std::vector<double>(9, x)));
  const Rows out = run(s, pts);
  REQUIRE(out.size() == 1);
  const auto& v = out[0];
  CHECK(v[0] == 5);
  CHECK(v[1] == 2);
  CHECK(v[2] == 9);
  CHECK(v[3] == 40);
  CHECK(v[4] == 8);
  CHECK(v[5] == Approx(2.138089935299395).epsilon(1e-15));
  CHECK(v[6] == Approx(3.4).epsilon(1e-14));  // h = 0.7: 2 + 0.7 * 2
  CHECK(v[7] == 4.5);
  CHECK(v[8] == Approx(7.6).epsilon(1e-14));  // h = 6.3: 7 + 0.3 * 2

  SECTION("numpy's linear method on 1..4") {
    ReduceSpec p = spec_of(ReduceSpec::Summary, 5);
    p.aggs = {{Agg::Percentile, 0}, {Agg::Percentile, 10}, {Agg::Percentile, 50},
              {Agg::Percentile, 90}, {Agg::Percentile, 100}};
    std::vector<Pt> q;
    for (double x : {4, 1, 3, 2}) q.push_back(pt(std::vector<double>(5, x)));
    const auto r = run(p, q)[0];
    CHECK(r[0] == 1);
    CHECK(r[1] == Approx(1.3).epsilon(1e-15));
    CHECK(r[2] == 2.5);
    CHECK(r[3] == Approx(3.7).epsilon(1e-15));
    CHECK(r[4] == 4);
  }
  SECTION("empty input: Count 0, Sum 0, the rest NaN") {
    const auto r = run(s, {})[0];
    CHECK(r[3] == 0);
    CHECK(r[4] == 0);
    for (int c : {0, 1, 2, 5, 6, 7, 8}) CHECK(std::isnan(r[c]));
  }
  SECTION("one point: Stddev is NaN") {
    const auto r = run(s, {pt(std::vector<double>(9, 3))})[0];
    CHECK(r[0] == 3);
    CHECK(std::isnan(r[5]));
    CHECK(r[7] == 3);
  }
  SECTION("NaN propagates; percentiles sort it last") {
    pts.push_back(pt(std::vector<double>(9, kNaN)));
    const auto r = run(s, pts)[0];
    for (int c : {0, 1, 2, 3, 5}) CHECK(std::isnan(r[c]));
    CHECK(r[4] == 9);
    CHECK(r[6] == Approx(3.6).epsilon(1e-14));  // h = 0.8 over the 8 numbers then NaN
    CHECK(r[7] == 5);
    CHECK(std::isnan(r[8]));  // h = 7.2 interpolates towards the NaN
  }
  SECTION("sums are exact: no cancellation") {
    ReduceSpec e = spec_of(ReduceSpec::Summary, 2);
    e.aggs = {{Agg::Sum}, {Agg::Stddev}};
    std::vector<Pt> q;
    for (double x : {1e16, 1.0, -1e16, 1.0}) q.push_back(pt({x, 1e9 + x * 1e-16}));
    const auto r = run(e, q)[0];
    CHECK(r[0] == 2);
    CHECK(r[1] == Approx(std::sqrt(2.0 / 3)).epsilon(1e-12));  // values 1e9+1, 1e9, 1e9-1, 1e9
  }
  SECTION("sums are correctly rounded, through overflow and subnormals") {
    ReduceSpec e = spec_of(ReduceSpec::Summary, 1);
    e.aggs = {{Agg::Sum}};
    std::vector<Pt> tenth(10, pt({0.1}));
    CHECK(run(e, tenth)[0][0] == 1.0);  // naive summation gives 0.9999999999999999
    const double big = std::numeric_limits<double>::max();
    CHECK(run(e, {pt({big}), pt({big}), pt({-big})})[0][0] == big);
    CHECK(run(e, {pt({big}), pt({big})})[0][0] == std::numeric_limits<double>::infinity());
    const double tiny = std::numeric_limits<double>::denorm_min();
    CHECK(run(e, {pt({tiny}), pt({tiny}), pt({-3 * tiny})})[0][0] == -tiny);
    CHECK(run(e, {pt({1e300}), pt({tiny}), pt({-1e300})})[0][0] == tiny);
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(std::isnan(run(e, {pt({inf}), pt({-inf})})[0][0]));
  }
}

TEST_CASE("merge gives the same rows as one reducer, wherever the stream is split", "[reduce]") {
  std::mt19937_64 gen(7);
  std::uniform_int_distribution<int> small(0, 4);
  std::uniform_real_distribution<double> real(-3, 3);
  auto value = [&] {
    const int k = small(gen);
    return k == 0 ? real(gen) : k == 1 ? kNaN : double(small(gen));  // ties, NaN, fractions
  };

  std::vector<ReduceSpec> specs;
  {
    ReduceSpec a = spec_of(ReduceSpec::All, 2);
    specs.push_back(a);
    a.max_rows = 5;
    specs.push_back(a);
    ReduceSpec b = spec_of(ReduceSpec::Best, 2);
    b.maximize = {false};
    b.keys = 1;
    specs.push_back(b);
    b.maximize = {true};
    b.keys = 0;
    specs.push_back(b);
    ReduceSpec t = spec_of(ReduceSpec::Top, 2);
    t.maximize = {true};
    t.top_n = 4;
    specs.push_back(t);
    ReduceSpec p = spec_of(ReduceSpec::Pareto, 2);
    p.maximize = {false, true};
    specs.push_back(p);
    p.maximize = {true, true};
    specs.push_back(p);
    ReduceSpec s = spec_of(ReduceSpec::Summary, 7);
    s.aggs = {{Agg::Mean}, {Agg::Sum}, {Agg::Min}, {Agg::Max}, {Agg::Stddev}, {Agg::Count},
              {Agg::Percentile, 37.5}};
    specs.push_back(s);
  }

  for (int trial = 0; trial < 40; ++trial) {
    const size_t n = 1 + trial % 14;
    std::vector<Pt> pts;
    for (size_t i = 0; i < n; ++i) {
      Pt p;
      for (int c = 0; c < 7; ++c) p.row.push_back(trial % 2 ? real(gen) * 1e6 : value());
      p.obj = {value(), value()};
      p.keys = {double(small(gen) % 3)};
      pts.push_back(p);
    }
    for (const ReduceSpec& spec : specs) {
      const Rows whole = run(spec, pts);
      for (size_t cut = 0; cut <= n; ++cut) {
        Reducer left(spec), right(spec);
        feed(left, pts, 0, cut);
        feed(right, pts, cut, n);
        left.merge(std::move(right));
        INFO("kind " << spec.kind << ", n " << n << ", cut " << cut);
        CHECK(same(left.finish(), whole));
        CHECK(left.points() == n);
      }
      // Three pieces, merged pairwise from the right.
      const size_t a = n / 3, b = 2 * n / 3;
      Reducer r0(spec), r1(spec), r2(spec);
      feed(r0, pts, 0, a);
      feed(r1, pts, a, b);
      feed(r2, pts, b, n);
      r1.merge(std::move(r2));
      r0.merge(std::move(r1));
      CHECK(same(r0.finish(), whole));
    }
  }
}

TEST_CASE("Summary sums do not depend on the split for large random streams", "[reduce]") {
  ReduceSpec s = spec_of(ReduceSpec::Summary, 2);
  s.aggs = {{Agg::Mean}, {Agg::Stddev}};
  std::mt19937_64 gen(11);
  std::lognormal_distribution<double> d(0, 3);
  std::vector<Pt> pts;
  for (int i = 0; i < 20000; ++i) {
    const double x = d(gen) * (i % 2 ? 1 : -1);
    pts.push_back(pt({x, x}));
  }
  const Rows whole = run(s, pts);
  for (size_t cut : {1, 777, 10000, 19999}) {
    Reducer a(s), b(s);
    feed(a, pts, 0, cut);
    feed(b, pts, cut, pts.size());
    a.merge(std::move(b));
    CHECK(same(a.finish(), whole));
  }
}
