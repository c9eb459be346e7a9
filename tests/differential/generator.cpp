// A generator of random well-typed plans. It tracks the type (and for quantities the
// dimension) of every subexpression it writes, so additions, comparisons, `if` branches,
// list elements, arguments and fields always agree. The language is the one of README.md
// and docs/language.md; stdlib/prelude.tco declares the units used here.
//
// Shape of a plan: optionally a user dimension with units, 0-3 record types, global lets,
// functions (made on demand while other code is written, so that each only calls functions
// finished before it: no recursion), then reports, sweeps, simulations and asserts in a
// random order. Most of the expression budget goes to sweeps and simulations, whose
// kernels depend on the point (a report or an assert folds to constants).
#include "tests/differential/generator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tco::difftest {
namespace {

// ---- randomness: splitmix64, and nothing from <random> (its distributions differ
// between standard libraries, and a seed must name one plan everywhere).

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0xD1B54A32D192ED03ULL + 0x6A09E667F3BCC909ULL) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
  int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<uint64_t>(hi - lo) + 1)); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  size_t weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = unit() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    for (size_t i = w.size(); i > 0; --i)
      if (w[i - 1] > 0) return i - 1;
    return 0;
  }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  uint64_t state_;
};

// ---- dimensions: integer exponents over the prelude's bases, plus `Device` when a plan
// declares it.

enum Base { kTime, kData, kCompute, kEnergy, kMoney, kToken, kRequest, kDevice, kBases };
const char* const kBaseNames[kBases] = {"Time", "Data", "Compute", "Energy", "Money", "Token", "Request", "Device"};

struct Dim {
  std::array<int, kBases> e{};

  bool plain() const {
    for (int x : e)
      if (x) return false;
    return true;
  }
  friend bool operator==(const Dim&, const Dim&) = default;
  Dim operator*(const Dim& o) const {
    Dim r;
    for (int i = 0; i < kBases; ++i) r.e[i] = e[i] + o.e[i];
    return r;
  }
  Dim operator/(const Dim& o) const {
    Dim r;
    for (int i = 0; i < kBases; ++i) r.e[i] = e[i] - o.e[i];
    return r;
  }
  Dim pow(int n) const {
    Dim r;
    for (int i = 0; i < kBases; ++i) r.e[i] = e[i] * n;
    return r;
  }
  bool divisible_by(int n) const {
    for (int x : e)
      if (x % n) return false;
    return true;
  }
  Dim root(int n) const {  // exact when divisible_by(n)
    Dim r;
    for (int i = 0; i < kBases; ++i) r.e[i] = e[i] / n;
    return r;
  }
  int l1() const {
    int s = 0;
    for (int x : e) s += std::abs(x);
    return s;
  }
  // Small enough to keep: exponents stay far from the checker's int8 range and unit
  // texts stay short.
  bool small() const {
    for (int x : e)
      if (std::abs(x) > 3) return false;
    return l1() <= 5;
  }
};

Dim base(Base b, int p = 1) {
  Dim d;
  d.e[b] = p;
  return d;
}

// ---- units of stdlib/prelude.tco (and the plan's own when it declares `Device`)

enum Prefixes { kNoPrefix, kSi, kSiBinary };

struct UnitDef {
  const char* name;
  Dim dim;
  Prefixes prefixes;
};

struct Factor {
  std::string name;
  int power;
};

const char* const kSiPrefixes[] = {"n", "u", "m", "k", "M", "G", "T", "P", "E"};
const char* const kBinaryPrefixes[] = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

// ---- types

struct Type {
  enum Kind { Num, Bool, Text, Rec } kind = Num;
  Dim dim{};
  int rec = -1;
  friend bool operator==(const Type& a, const Type& b) {
    if (a.kind != b.kind) return false;
    if (a.kind == Num) return a.dim == b.dim;
    if (a.kind == Rec) return a.rec == b.rec;
    return true;
  }
};

Type num(const Dim& d) { return Type{Type::Num, d, -1}; }
Type boolean() { return Type{Type::Bool, {}, -1}; }
Type text() { return Type{Type::Text, {}, -1}; }
Type record(int r) { return Type{Type::Rec, {}, r}; }

struct Field {
  std::string name;
  Type type;
  std::string def;  // empty: required
};
struct Record {
  std::string name;
  std::vector<Field> fields;
  bool has_name = false;  // a `name: Text` field, which `show` prints for a record
};
struct Param {
  std::string name;
  Type type;
  std::string def;
};
struct Function {
  std::string name;
  std::vector<Param> params;
  Type result;
  bool done = false;
  std::string text;
};
struct Var {
  std::string name;
  Type type;
  bool local = false;  // an axis, a parameter or a local `let`: not a constant
};

// Where an expression is written: what it may name, and whether it may draw samples.
struct Ctx {
  std::vector<Var> vars;
  bool simulation = false;
  int fn_nesting = 0;        // how many function definitions are open around this one
  bool may_define = true;    // may define new functions
};

std::string fmt_double(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

bool is_name(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.')) return false;
  return true;
}

// A right operand of `/`, in parentheses when it starts with `$` or is `Name { ... }`:
// after a literal, `/` followed by a unit-like token is read as part of the literal's unit.
std::string divisor(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
  bool braces = i > 0 && s.compare(i, 2, " {") == 0;
  return !s.empty() && (s[0] == '$' || braces) ? "(" + s + ")" : s;
}

class Gen {
 public:
  Gen(uint64_t seed, const GeneratorLimits& limits) : rng_(seed), lim_(limits) {}
  std::string plan();

 private:
  // -- names, units, dimensions
  std::string fresh(const char* stem) { return stem + std::to_string(names_++); }
  void setup_units();
  std::string pick_unit(Base b, bool dollar);
  std::string prefixed(const UnitDef& u);
  std::vector<Factor> unit_factors(const Dim& d, bool dollar = false);
  std::string lit_tail(const std::vector<Factor>& fs);
  std::string conv_units(const Dim& d);
  std::string dim_type(const Dim& d);
  std::string type_text(const Type& t);
  std::string number_text(bool allow_suffix, double* value = nullptr);
  std::string literal_with(const std::string& number, const Dim& d);
  std::string literal(const Dim& d);
  std::vector<std::string> bare_units(const Dim& d);
  Dim some_dim(const Ctx& c);

  // -- expressions
  void collect(const std::string& path, const Type& t, const Type& want, int depth, std::vector<std::string>& out) const;
  std::vector<std::string> paths(const Type& want, const Ctx& c, bool locals_only = false) const;
  std::vector<std::pair<std::string, Dim>> local_quantities(const Ctx& c) const;
  std::optional<std::string> scaled(const Dim& d, int depth, Ctx& c);
  std::vector<std::pair<int, std::string>> field_paths(const Type& want) const;
  Type random_type(const Ctx& c, bool allow_record = true);
  std::string gen(const Type& t, int depth, Ctx& c);
  std::string quantity(const Dim& d, int depth, Ctx& c);
  std::string distribution(const Dim& d, int depth, Ctx& c);
  std::string search(const Dim& d, int depth, Ctx& c);
  std::string boolean_expr(int depth, Ctx& c);
  std::string text_expr(int depth, Ctx& c);
  std::string record_expr(int r, int depth, Ctx& c);
  std::string record_literal(int r, int depth, Ctx& c);
  std::optional<std::string> call(const Type& want, int depth, Ctx& c);
  int define_function(const Type& result, int nesting);

  // -- items
  void record_types();
  std::string global_let();
  std::string report();
  std::string axis(uint64_t cap, Ctx& c, uint64_t* size);
  std::string study_lets(Ctx& c, bool simulation);
  std::string huge_let(Ctx& c);
  std::string show_rows(Ctx& c);
  std::string show_summaries(Ctx& c);
  std::string sweep();
  std::string simulation();
  std::string assertion();

  Rng rng_;
  GeneratorLimits lim_;
  bool device_ = false;
  int names_ = 0;
  int budget_ = 0;  // expression nodes left for the item being written
  std::vector<UnitDef> units_;
  std::vector<Dim> palette_;
  std::vector<Record> recs_;
  std::vector<Function> fns_;
  std::vector<Var> globals_;
  std::string forced_show_;  // a `let` the next `show` must use (else it is pruned away)
  bool listable_ = false;    // the sweep has an axis `show` can list (E0226 otherwise)
  // A record axis is listed by its `name` field, if it has one.
  Type listed(Type t) {
    if (recs_[static_cast<size_t>(t.rec)].has_name) listable_ = true;
    return t;
  }
};

// ---- units ------------------------------------------------------------------------------

void Gen::setup_units() {
  Dim t = base(kTime), by = base(kData), fl = base(kCompute), j = base(kEnergy), m = base(kMoney),
      tok = base(kToken), req = base(kRequest);
  units_ = {
      {"s", t, kSi},          {"sec", t, kNoPrefix},     {"second", t, kNoPrefix}, {"min", t, kNoPrefix},
      {"minute", t, kNoPrefix}, {"hr", t, kNoPrefix},    {"h", t, kNoPrefix},      {"hour", t, kNoPrefix},
      {"d", t, kNoPrefix},    {"day", t, kNoPrefix},     {"wk", t, kNoPrefix},     {"week", t, kNoPrefix},
      {"yr", t, kNoPrefix},   {"year", t, kNoPrefix},    {"month", t, kNoPrefix},  {"mo", t, kNoPrefix},
      {"B", by, kSiBinary},   {"byte", by, kNoPrefix},   {"bit", by, kSi},         {"flop", fl, kSi},
      {"FLOP", fl, kSi},      {"FLOPS", fl / t, kSi},    {"OPS", fl / t, kSi},     {"J", j, kSi},
      {"W", j / t, kSi},      {"Wh", j, kSi},            {"$", m, kNoPrefix},      {"USD", m, kNoPrefix},
      {"cent", m, kNoPrefix}, {"tok", tok, kSi},         {"token", tok, kNoPrefix}, {"tokens", tok, kNoPrefix},
      {"req", req, kSi},      {"request", req, kNoPrefix}, {"requests", req, kNoPrefix},
  };
  palette_ = {Dim{},  t,      by,     m,       tok,     req,     fl,      j,        by / t,  m / t,
              tok / t, m / tok, fl / t, j / t,  m / j,   req / t, tok / req, by / tok, t / tok, fl / tok};
  if (device_) {
    Dim dev = base(kDevice);
    units_.push_back({"gpu", dev, kSi});
    units_.push_back({"rack", dev, kNoPrefix});
    units_.push_back({"EUR", m, kNoPrefix});
    palette_.push_back(dev);
    palette_.push_back(m / t / dev);
    palette_.push_back(tok / t / dev);
  }
}

std::string Gen::prefixed(const UnitDef& u) {
  if (u.prefixes == kNoPrefix || !rng_.chance(0.4)) return u.name;
  if (u.prefixes == kSiBinary && rng_.chance(0.35)) return std::string(kBinaryPrefixes[rng_.below(6)]) + u.name;
  return std::string(kSiPrefixes[rng_.below(9)]) + u.name;
}

std::string Gen::pick_unit(Base b, bool dollar) {
  if (b == kMoney && dollar) return "$";
  std::vector<const UnitDef*> c;
  for (const auto& u : units_)
    if (u.dim == base(b)) c.push_back(&u);
  return prefixed(*c[rng_.below(c.size())]);
}

// Units whose product has dimension `d`: sometimes a compound unit (W, FLOPS) first.
std::vector<Factor> Gen::unit_factors(const Dim& d, bool dollar) {
  Dim r = d;
  std::vector<Factor> fs;
  if (rng_.chance(0.35)) {
    std::vector<const UnitDef*> compound;
    for (const auto& u : units_)
      if (u.dim.l1() > 1) compound.push_back(&u);
    rng_.shuffle(compound);
    for (const UnitDef* u : compound) {
      for (int s : {1, -1}) {
        Dim nr = r / u->dim.pow(s);
        if (nr.l1() < r.l1()) {
          fs.push_back({prefixed(*u), s});
          r = nr;
          break;
        }
      }
      if (!fs.empty()) break;
    }
  }
  for (int b = 0; b < kBases; ++b)
    if (r.e[b]) fs.push_back({pick_unit(static_cast<Base>(b), dollar), r.e[b]});
  std::stable_partition(fs.begin(), fs.end(), [](const Factor& f) { return f.power > 0; });
  return fs;
}

// The unit part of a literal, after its number: ` GB^2/s`, or ` s^-1` when nothing is
// in the numerator.
std::string Gen::lit_tail(const std::vector<Factor>& fs) {
  std::string s;
  bool any_positive = false;
  for (const auto& f : fs)
    if (f.power > 0) {
      any_positive = true;
      s += " " + f.name + (f.power > 1 ? "^" + std::to_string(f.power) : "");
    }
  bool first = true;
  for (const auto& f : fs) {
    if (f.power > 0) continue;
    if (!any_positive && first)
      s += " " + f.name + "^" + std::to_string(f.power);
    else
      s += "/" + f.name + (f.power < -1 ? "^" + std::to_string(-f.power) : "");
    first = false;
  }
  return s;
}

// A unit after `->`: `GB*s`, `$/hr/gpu`, `1/s`, `%` for a plain number.
std::string Gen::conv_units(const Dim& d) {
  if (d.plain()) return "%";
  auto fs = unit_factors(d);
  std::string s;
  for (const auto& f : fs) {
    if (f.power < 0) continue;
    if (!s.empty()) s += rng_.chance(0.5) ? " " : "*";
    s += f.name + (f.power > 1 ? "^" + std::to_string(f.power) : "");
  }
  if (s.empty()) s = "1";
  for (const auto& f : fs)
    if (f.power < 0) s += "/" + f.name + (f.power < -1 ? "^" + std::to_string(-f.power) : "");
  return s;
}

std::string Gen::dim_type(const Dim& d) {
  if (d.plain()) return rng_.chance(0.9) ? "Number" : "Dimensionless";
  if (d == base(kEnergy) / base(kTime) && rng_.chance(0.5)) return "Power";
  if (device_ && d == base(kToken) / base(kTime) && rng_.chance(0.5)) return "Rate";
  std::string s;
  for (int b = 0; b < kBases; ++b)
    if (d.e[b] > 0) {
      if (!s.empty()) s += "*";
      s += kBaseNames[b] + (d.e[b] > 1 ? "^" + std::to_string(d.e[b]) : "");
    }
  bool bare_inverse = s.empty() && rng_.chance(0.5);
  if (s.empty() && !bare_inverse) s = "Number";
  for (int b = 0; b < kBases; ++b)
    if (d.e[b] < 0) {
      if (bare_inverse) {
        if (!s.empty()) s += "*";
        s += std::string(kBaseNames[b]) + "^" + std::to_string(d.e[b]);
      } else {
        s += std::string("/") + kBaseNames[b] + (d.e[b] < -1 ? "^" + std::to_string(-d.e[b]) : "");
      }
    }
  return s;
}

std::string Gen::type_text(const Type& t) {
  switch (t.kind) {
    case Type::Num: return dim_type(t.dim);
    case Type::Bool: return "Bool";
    case Type::Text: return "Text";
    case Type::Rec: return recs_[static_cast<size_t>(t.rec)].name;
  }
  return "Number";
}

// A positive number as written in a plan: `7`, `3.35`, `1.5e3`, `1_000`, `5M`.
std::string Gen::number_text(bool allow_suffix, double* value) {
  std::string s;
  double v = 0;
  switch (rng_.below(10)) {
    case 0:
    case 1: v = rng_.between(1, 9); s = fmt_double(v); break;
    case 2:
    case 3: v = rng_.between(10, 999); s = fmt_double(v); break;
    case 4: {
      int whole = rng_.between(0, 99), frac = rng_.between(1, 99);
      s = std::to_string(whole) + "." + (frac < 10 ? "0" : "") + std::to_string(frac);
      v = std::stod(s);
      break;
    }
    case 5: {
      int mant = rng_.between(1, 9), exp10 = rng_.between(-4, 6);
      s = std::to_string(mant) + (rng_.chance(0.5) ? ".5" : "") + (rng_.chance(0.8) ? "e" : "E") + std::to_string(exp10);
      v = std::stod(s);
      break;
    }
    case 6: {
      static const std::vector<std::string> u = {"1_000", "12_500", "1_000_000", "2_048", "3_600"};
      s = rng_.pick(u);
      std::string digits;
      for (char ch : s)
        if (ch != '_') digits += ch;
      v = std::stod(digits);
      break;
    }
    case 7: {
      static const std::vector<std::string> f = {"0.5", "0.25", "0.1", "0.75", "0.08", "0.001"};
      s = rng_.pick(f);
      v = std::stod(s);
      break;
    }
    case 8:
      if (allow_suffix) {
        static const char* const suffix[] = {"k", "M", "G", "T"};
        static const double scale[] = {1e3, 1e6, 1e9, 1e12};
        int n = rng_.between(1, 500);
        size_t k = rng_.below(4);
        s = std::to_string(n) + suffix[k];
        v = n * scale[k];
        break;
      }
      [[fallthrough]];
    default:
      v = rng_.chance(0.15) ? 0 : rng_.between(1, 9);
      s = fmt_double(v);
      break;
  }
  if (value) *value = v;
  return s;
}

// `number` with units of dimension `d`: `3 GB/s`, `$2.49/hr`, `60%`.
std::string Gen::literal_with(const std::string& number, const Dim& d) {
  if (d.plain()) return number;
  bool dollar = d.e[kMoney] == 1 && number.find_first_of("kMGT") == std::string::npos && rng_.chance(0.6);
  auto fs = unit_factors(d, dollar);
  if (dollar) {
    auto it = std::find_if(fs.begin(), fs.end(), [](const Factor& f) { return f.name == "$"; });
    if (it != fs.end() && it->power == 1) {
      fs.erase(it);
      return "$" + number + lit_tail(fs);
    }
  }
  return number + lit_tail(fs);
}

std::string Gen::literal(const Dim& d) {
  std::string s;
  if (d.plain()) {
    uint64_t k = rng_.below(10);
    if (k < 6) s = number_text(true);
    else if (k < 8) s = number_text(false) + "%";
    else if (k < 9) s = number_text(false) + " %";
    else s = rng_.chance(0.5) ? "0" : number_text(false);
  } else {
    s = literal_with(number_text(rng_.chance(0.3)), d);
  }
  if (rng_.chance(0.08)) s = "-" + s;
  return s;
}

// Unit names usable as values of dimension `d` (`hr`, `GB`): one of that unit.
std::vector<std::string> Gen::bare_units(const Dim& d) {
  std::vector<std::string> out;
  for (const auto& u : units_) {
    std::string n = u.name;
    if (!(u.dim == d) || n == "min" || n == "$") continue;
    out.push_back(prefixed(u));
  }
  return out;
}

Dim Gen::some_dim(const Ctx& c) {
  if (rng_.chance(0.75)) {
    auto lq = local_quantities(c);
    if (!lq.empty()) return rng_.pick(lq).second;
  }
  if (rng_.chance(0.55)) {
    std::vector<Dim> ds;
    for (const auto& v : c.vars) {
      if (v.type.kind == Type::Num) ds.push_back(v.type.dim);
      if (v.type.kind == Type::Rec)
        for (const auto& f : recs_[static_cast<size_t>(v.type.rec)].fields)
          if (f.type.kind == Type::Num) ds.push_back(f.type.dim);
    }
    if (!ds.empty()) return rng_.pick(ds);
  }
  return rng_.pick(palette_);
}

// ---- expressions ------------------------------------------------------------------------

void Gen::collect(const std::string& path, const Type& t, const Type& want, int depth,
                  std::vector<std::string>& out) const {
  if (t == want) out.push_back(path);
  if (t.kind == Type::Rec && depth < 2)
    for (const auto& f : recs_[static_cast<size_t>(t.rec)].fields) collect(path + "." + f.name, f.type, want, depth + 1, out);
}

std::vector<std::string> Gen::paths(const Type& want, const Ctx& c, bool locals_only) const {
  std::vector<std::string> out;
  for (const auto& v : c.vars)
    if (v.local || !locals_only) collect(v.name, v.type, want, 0, out);
  return out;
}

// Every quantity that an axis, a parameter or a local `let` reaches, with its dimension.
std::vector<std::pair<std::string, Dim>> Gen::local_quantities(const Ctx& c) const {
  std::vector<std::pair<std::string, Dim>> out;
  auto walk = [&](auto& self, const std::string& path, const Type& t, int depth) -> void {
    if (t.kind == Type::Num) out.emplace_back(path, t.dim);
    if (t.kind == Type::Rec && depth < 2)
      for (const auto& f : recs_[static_cast<size_t>(t.rec)].fields) self(self, path + "." + f.name, f.type, depth + 1);
  };
  for (const auto& v : c.vars)
    if (v.local) walk(walk, v.name, v.type, 0);
  return out;
}

// A value of dimension `d` that depends on the point: a local quantity times or divided by
// whatever makes up the dimension (so that kernels compute, not just print constants).
std::optional<std::string> Gen::scaled(const Dim& d, int depth, Ctx& c) {
  auto lq = local_quantities(c);
  if (lq.empty()) return std::nullopt;
  const auto& [p, pd] = rng_.pick(lq);
  auto part = [&](const Dim& x) { return depth <= 0 ? literal(x) : quantity(x, depth, c); };
  bool mul = (d / pd).small(), div = (pd / d).small();
  if (mul && (!div || rng_.chance(0.6))) return "(" + p + " * " + part(d / pd) + ")";
  if (div) return "(" + p + " / " + divisor(part(pd / d)) + ")";
  return std::nullopt;
}

// (record type, `.field` path) pairs that reach a value of type `want`.
std::vector<std::pair<int, std::string>> Gen::field_paths(const Type& want) const {
  std::vector<std::pair<int, std::string>> out;
  for (size_t r = 0; r < recs_.size(); ++r) {
    std::vector<std::string> ps;
    for (const auto& f : recs_[r].fields) collect("." + f.name, f.type, want, 1, ps);
    for (auto& p : ps) out.emplace_back(static_cast<int>(r), p);
  }
  return out;
}

Type Gen::random_type(const Ctx& c, bool allow_record) {
  double r = rng_.unit();
  if (r < 0.66) return num(some_dim(c));
  if (r < 0.77) return boolean();
  if (r < 0.85) return text();
  if (allow_record && !recs_.empty()) return record(static_cast<int>(rng_.below(recs_.size())));
  return num(some_dim(c));
}

std::string Gen::gen(const Type& t, int depth, Ctx& c) {
  switch (t.kind) {
    case Type::Num: return quantity(t.dim, depth, c);
    case Type::Bool: return boolean_expr(depth, c);
    case Type::Text: return text_expr(depth, c);
    case Type::Rec: return record_expr(t.rec, depth, c);
  }
  return "0";
}


std::string Gen::quantity(const Dim& d, int depth, Ctx& c) {
  --budget_;
  auto ps = paths(num(d), c);
  auto lps = paths(num(d), c, true);
  const bool dynamic = std::any_of(c.vars.begin(), c.vars.end(), [](const Var& v) { return v.local; });
  if (depth <= 0 || budget_ <= 0) {
    if (!lps.empty() && rng_.chance(0.85)) return rng_.pick(lps);
    if (!ps.empty() && rng_.chance(0.6)) return rng_.pick(ps);
    if (dynamic && rng_.chance(0.6))
      if (auto s = scaled(d, 0, c)) return *s;
    return literal(d);
  }
  enum { Lit, Name, Scaled, Add, Sub, Mul, Div, Neg, Caret, PowFn, Sqrt, Abs, MinMax, Clamp, If, FieldOf, Call, Convert, Bare,
         Random, Round, Log, Exp, Search, kOptions };
  std::vector<double> w(kOptions, 0.0);
  w[Lit] = dynamic ? 0.5 : 1.2;
  w[Name] = ps.empty() ? 0 : !dynamic ? 4.5 : lps.empty() ? 1.5 : 6;
  w[Scaled] = !dynamic ? 0 : lps.empty() ? 4 : 1.5;
  w[Add] = 1.5;
  w[Sub] = 1;
  w[Mul] = 2;
  w[Div] = 2;
  w[Neg] = 0.4;
  w[Caret] = 0.8;
  w[PowFn] = 0.3;
  w[Sqrt] = 0.5;
  w[Abs] = 0.4;
  w[MinMax] = 0.8;
  w[Clamp] = 0.4;
  w[If] = 0.8;
  w[FieldOf] = field_paths(num(d)).empty() ? 0 : 0.8;
  w[Call] = 0.9;
  w[Convert] = 0.4;
  w[Bare] = bare_units(d).empty() ? 0 : 0.3;
  w[Random] = c.simulation ? 1.5 : 0;
  w[Search] = 0.3;
  if (d.plain()) {
    w[Round] = 0.6;
    w[Log] = 0.5;
    w[Exp] = 0.4;
  }
  const int k = depth - 1;
  switch (rng_.weighted(w)) {
    case Lit: return literal(d);
    case Name: return !lps.empty() && rng_.chance(0.8) ? rng_.pick(lps) : rng_.pick(ps);
    case Scaled:
      if (auto s = scaled(d, k, c)) return *s;
      return literal(d);
    case Add: return "(" + quantity(d, k, c) + " + " + quantity(d, k, c) + ")";
    case Sub: return "(" + quantity(d, k, c) + " - " + quantity(d, k, c) + ")";
    case Mul:
    case Div: {
      bool mul = rng_.chance(0.5);
      for (int tries = 0; tries < 6; ++tries) {
        Dim f = some_dim(c);
        Dim other = mul ? d / f : d * f;
        if (!other.small()) continue;
        if (mul) return "(" + quantity(f, k, c) + " * " + quantity(other, k, c) + ")";
        return "(" + quantity(other, k, c) + " / " + divisor(quantity(f, k, c)) + ")";
      }
      return "(" + quantity(d, k, c) + (mul ? " * " : " / ") + quantity(Dim{}, k, c) + ")";
    }
    case Neg: {
      std::string a = quantity(d, k, c);
      return (a[0] == '-' ? "(- " : "(-") + a + ")";
    }
    case Caret:
    case PowFn: {
      bool caret = rng_.chance(0.75);
      std::string b, e;
      if (d.plain()) {
        b = quantity(d, k, c);
        static const std::vector<std::string> ex = {"2", "3", "-1", "0.5", "(2)", "-2", "1.5", "0"};
        e = rng_.chance(0.85) ? rng_.pick(ex) : "clamp(" + quantity(Dim{}, k, c) + ", -3, 3)";
      } else {
        std::vector<int> ns;
        for (int n : {2, 3, -1, -2, 1})
          if (d.divisible_by(std::abs(n)) && d.root(n).small()) ns.push_back(n);
        int n = rng_.pick(ns);
        b = quantity(d.root(n), k, c);
        e = std::to_string(n) + (rng_.chance(0.1) ? ".0" : "");
        if (n < 0 && rng_.chance(0.3)) e = "(" + e + ")";
      }
      return caret ? "((" + b + ") ^ " + e + ")" : "pow(" + b + ", " + e + ")";
    }
    case Sqrt: {
      Dim sq = d.pow(2);
      if (!sq.small()) return "abs(" + quantity(d, k, c) + ")";
      std::string a = quantity(sq, k, c);
      return rng_.chance(0.6) ? "sqrt(abs(" + a + "))" : "sqrt(" + a + ")";
    }
    case Abs: return "abs(" + quantity(d, k, c) + ")";
    case MinMax: {
      std::string s = rng_.chance(0.5) ? "min(" : "max(";
      int n = rng_.chance(0.75) ? 2 : 3;
      for (int i = 0; i < n; ++i) s += (i ? ", " : "") + quantity(d, k, c);
      return s + ")";
    }
    case Clamp: return "clamp(" + quantity(d, k, c) + ", " + quantity(d, k, c) + ", " + quantity(d, k, c) + ")";
    case If:
      return "(if " + boolean_expr(k, c) + " then " + quantity(d, k, c) + " else " + quantity(d, k, c) + ")";
    case FieldOf: {
      auto fp = rng_.pick(field_paths(num(d)));
      std::string r = record_expr(fp.first, k, c);
      return (is_name(r) ? r : "(" + r + ")") + fp.second;
    }
    case Call:
      if (auto s = call(num(d), depth, c)) return *s;
      return literal(d);
    case Convert: return "(" + quantity(d, k, c) + " -> " + conv_units(d) + ")";
    case Bare: return rng_.pick(bare_units(d));
    case Random: return distribution(d, k, c);
    case Round: {
      static const std::vector<std::string> f = {"ceil", "floor", "round"};
      return rng_.pick(f) + "(" + quantity(d, k, c) + ")";
    }
    case Log: {
      static const std::vector<std::string> f = {"ln", "log10", "log2"};
      std::string a = quantity(d, k, c);
      return rng_.pick(f) + (rng_.chance(0.7) ? "(abs(" + a + ") + 0.5)" : "(" + a + ")");
    }
    case Exp: {
      std::string a = quantity(d, k, c);
      return rng_.chance(0.75) ? "exp(clamp(" + a + ", -20, 20))" : "exp(" + a + ")";
    }
    case Search: return search(d, k, c);
  }
  return literal(d);
}

// `largest x in lo .. hi step s where cond` (or smallest, or geometric): literal ends and a
// positive step or a ratio above 1, as a range the compiler refuses cannot be written; now
// and then an empty range. The condition compares the candidate with values of the point.
std::string Gen::search(const Dim& d, int depth, Ctx& c) {
  const bool geometric = rng_.chance(0.3);
  const int lo = rng_.between(geometric ? 1 : 0, 20);
  const int hi = lo > 0 && rng_.chance(0.08) ? lo - 1 : lo + rng_.between(0, geometric ? 100000 : 3000);
  std::string range = literal_with(std::to_string(lo), d) + " .. " + literal_with(std::to_string(hi), d);
  if (geometric) {
    static const std::vector<std::string> ratio = {"2", "1.5", "10", "1.01"};
    range += " geometric " + rng_.pick(ratio);
  } else if (!d.plain() || rng_.chance(0.5)) {
    static const std::vector<std::string> step = {"1", "0.5", "3", "7", "0.25"};
    range += " step " + literal_with(rng_.pick(step), d);
  }
  const std::string x = fresh("x");
  Ctx inner = c;
  inner.vars.push_back({x, num(d), true});
  static const std::vector<std::string> cmp = {"<", "<=", ">", ">="};
  std::string cond = x + " " + rng_.pick(cmp) + " " + quantity(d, depth, inner);
  if (rng_.chance(0.3)) cond += (rng_.chance(0.5) ? " and " : " or ") + boolean_expr(depth, inner);
  return std::string("(") + (rng_.chance(0.5) ? "largest " : "smallest ") + x + " in " + range + " where " + cond + ")";
}

// A random draw of dimension `d` (only inside `simulate`).
std::string Gen::distribution(const Dim& d, int depth, Ctx& c) {
  uint64_t kind = rng_.below(4);
  if (rng_.chance(0.7)) {
    // Well-formed parameters: lo < mode < hi, a positive median, a modest sigma.
    double lo = rng_.between(1, 50) * (rng_.chance(0.3) ? 0.1 : 1.0);
    double mid = lo + rng_.between(1, 50), hi = mid + rng_.between(1, 50);
    // One unit for all parameters (the literals are then comparable).
    std::string sample = literal_with("1", d);
    std::string unit = d.plain() ? "" : sample.substr(sample[0] == '$' ? 2 : 1);
    bool dollar = sample[0] == '$';
    auto lit = [&](double v) { return dollar ? "$" + fmt_double(v) + unit : fmt_double(v) + unit; };
    static const std::vector<std::string> sigmas = {"0.1", "0.25", "0.5", "1", "0.05"};
    switch (kind) {
      case 0: return "uniform(" + lit(lo) + ", " + lit(hi) + ")";
      case 1: return "normal(" + lit(mid) + ", " + lit(std::max(1.0, lo / 4)) + ")";
      case 2: return "triangular(" + lit(lo) + ", " + lit(mid) + ", " + lit(hi) + ")";
      default: return "lognormal(" + lit(mid) + ", " + rng_.pick(sigmas) + ")";
    }
  }
  switch (kind) {
    case 0: return "uniform(" + quantity(d, depth, c) + ", " + quantity(d, depth, c) + ")";
    case 1: return "normal(" + quantity(d, depth, c) + ", " + quantity(d, depth, c) + ")";
    case 2:
      return "triangular(" + quantity(d, depth, c) + ", " + quantity(d, depth, c) + ", " + quantity(d, depth, c) + ")";
    default: return "lognormal(" + quantity(d, depth, c) + ", " + quantity(Dim{}, depth, c) + ")";
  }
}

std::string Gen::boolean_expr(int depth, Ctx& c) {
  --budget_;
  auto ps = paths(boolean(), c);
  static const std::vector<std::string> cmp = {"<", "<=", ">", ">=", "==", "!="};
  if (depth <= 0 || budget_ <= 0) {
    if (!ps.empty() && rng_.chance(0.5)) return rng_.pick(ps);
    if (rng_.chance(0.2)) return rng_.chance(0.5) ? "true" : "false";
    Dim d = some_dim(c);
    return "(" + quantity(d, 0, c) + " " + rng_.pick(cmp) + " " + quantity(d, 0, c) + ")";
  }
  enum { Cmp, AndOr, Not, Lit, Name, TextEq, BoolEq, If, Call, kOptions };
  std::vector<double> w = {4, 2, 1, 0.3, ps.empty() ? 0.0 : 2.0, 0.8, 0.4, 0.4, 0.6};
  const int k = depth - 1;
  switch (rng_.weighted(w)) {
    case Cmp: {
      Dim d = some_dim(c);
      return "(" + quantity(d, k, c) + " " + rng_.pick(cmp) + " " + quantity(d, k, c) + ")";
    }
    case AndOr: {
      static const std::vector<std::string> ops = {"and", "or", "&&", "||"};
      return "(" + boolean_expr(k, c) + " " + rng_.pick(ops) + " " + boolean_expr(k, c) + ")";
    }
    case Not: return rng_.chance(0.6) ? "(not " + boolean_expr(k, c) + ")" : "(!" + boolean_expr(k, c) + ")";
    case Lit: return rng_.chance(0.5) ? "true" : "false";
    case Name: return rng_.pick(ps);
    case TextEq: return "(" + text_expr(k, c) + (rng_.chance(0.5) ? " == " : " != ") + text_expr(k, c) + ")";
    case BoolEq: return "(" + boolean_expr(k, c) + (rng_.chance(0.5) ? " == " : " != ") + boolean_expr(k, c) + ")";
    case If: return "(if " + boolean_expr(k, c) + " then " + boolean_expr(k, c) + " else " + boolean_expr(k, c) + ")";
    case Call:
      if (auto s = call(boolean(), depth, c)) return *s;
      return "true";
  }
  return "false";
}

std::string Gen::text_expr(int depth, Ctx& c) {
  --budget_;
  static const std::vector<std::string> pool = {"\"A\"", "\"B\"", "\"H100\"", "\"x y\"", "\"\"", "\"a\\\"b\"",
                                                "\"µs\"", "\"B200\""};
  auto ps = paths(text(), c);
  if (depth <= 0 || budget_ <= 0) return !ps.empty() && rng_.chance(0.5) ? rng_.pick(ps) : rng_.pick(pool);
  std::vector<double> w = {3, ps.empty() ? 0.0 : 3.0, 1, 0.5};
  const int k = depth - 1;
  switch (rng_.weighted(w)) {
    case 0: return rng_.pick(pool);
    case 1: return rng_.pick(ps);
    case 2: return "(if " + boolean_expr(k, c) + " then " + text_expr(k, c) + " else " + text_expr(k, c) + ")";
    default:
      if (auto s = call(text(), depth, c)) return *s;
      return rng_.pick(pool);
  }
}

std::string Gen::record_literal(int r, int depth, Ctx& c) {
  const Record rec = recs_[static_cast<size_t>(r)];  // a copy: generation may add functions
  std::vector<std::string> inits;
  for (const auto& f : rec.fields)
    if (f.def.empty() || rng_.chance(0.5)) inits.push_back(f.name + " = " + gen(f.type, depth - 1, c));
  rng_.shuffle(inits);
  std::string s = rec.name + " {";
  for (size_t i = 0; i < inits.size(); ++i) s += (i ? ", " : " ") + inits[i];
  return s + (inits.empty() ? "}" : " }");
}

std::string Gen::record_expr(int r, int depth, Ctx& c) {
  --budget_;
  auto ps = paths(record(r), c);
  if (depth <= 0 || budget_ <= 0) return !ps.empty() && rng_.chance(0.8) ? rng_.pick(ps) : record_literal(r, 1, c);
  enum { Name, Lit, With, If, Call, kOptions };
  std::vector<double> w = {ps.empty() ? 0.0 : 4.0, 2, 2, 0.6, 0.8};
  const int k = depth - 1;
  switch (rng_.weighted(w)) {
    case Name: return rng_.pick(ps);
    case Lit: return record_literal(r, depth, c);
    case With: {
      std::string b = record_expr(r, k, c);
      const Record rec = recs_[static_cast<size_t>(r)];
      std::vector<size_t> idx(rec.fields.size());
      for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
      rng_.shuffle(idx);
      size_t n = std::min<size_t>(idx.size(), rng_.chance(0.7) ? 1 : 2);
      std::string s = "(" + (is_name(b) ? b : "(" + b + ")") + " with {";
      for (size_t i = 0; i < n; ++i)
        s += (i ? ", " : " ") + rec.fields[idx[i]].name + " = " + gen(rec.fields[idx[i]].type, k, c);
      return s + " })";
    }
    case If:
      return "(if " + boolean_expr(k, c) + " then " + record_expr(r, k, c) + " else " + record_expr(r, k, c) + ")";
    default:
      if (auto s = call(record(r), depth, c)) return *s;
      return record_literal(r, depth, c);
  }
}

// A call of a finished function returning `want`, or of a new one.
std::optional<std::string> Gen::call(const Type& want, int depth, Ctx& c) {
  std::vector<int> ready;
  for (size_t i = 0; i < fns_.size(); ++i)
    if (fns_[i].done && fns_[i].result == want) ready.push_back(static_cast<int>(i));
  int f = -1;
  bool can_define = c.may_define && c.fn_nesting < 2 && fns_.size() < 8;
  if (can_define && (ready.empty() || rng_.chance(0.25))) f = define_function(want, c.fn_nesting + 1);
  if (f < 0 && !ready.empty()) f = rng_.pick(ready);
  if (f < 0) return std::nullopt;
  const Function fn = fns_[static_cast<size_t>(f)];
  const int k = depth - 1;
  // Positional arguments first, then named ones in any order; defaulted ones may be left out.
  size_t positional = rng_.below(fn.params.size() + 1);
  std::vector<std::string> named;
  std::string s;
  for (size_t i = 0; i < fn.params.size(); ++i) {
    const Param& p = fn.params[i];
    if (i < positional) {
      s += (s.empty() ? "" : ", ") + gen(p.type, k, c);
    } else if (p.def.empty() || rng_.chance(0.5)) {
      named.push_back(p.name + " = " + gen(p.type, k, c));
    }
  }
  rng_.shuffle(named);
  // `OnPrem { pue = 1.3 }`: a call with only named arguments may use braces.
  if (positional == 0 && !named.empty() && rng_.chance(0.2)) {
    std::string b = fn.name + " {";
    for (size_t i = 0; i < named.size(); ++i) b += (i ? ", " : " ") + named[i];
    return b + " }";
  }
  for (const auto& n : named) s += (s.empty() ? "" : ", ") + n;
  return fn.name + "(" + s + ")";
}

int Gen::define_function(const Type& result, int nesting) {
  const int saved_budget = budget_;
  budget_ = 40;
  const size_t idx = fns_.size();
  fns_.push_back(Function{fresh("fun"), {}, result, false, {}});
  Ctx fc;
  fc.vars = globals_;
  fc.fn_nesting = nesting;
  fc.may_define = nesting < 2;
  int nparams = rng_.between(0, 4);
  std::string head = "fn " + fns_[idx].name + "(";
  for (int i = 0; i < nparams; ++i) {
    Param p{fresh("arg"), random_type(fc), ""};
    if (p.type.kind == Type::Num && rng_.chance(0.3)) p.type = result.kind == Type::Num ? result : p.type;
    std::string t = type_text(p.type);
    if (rng_.chance(0.35)) p.def = gen(p.type, 1, fc);
    head += (i ? ", " : "") + p.name + ": " + t + (p.def.empty() ? "" : " = " + p.def);
    fc.vars.push_back({p.name, p.type, true});
    fns_[idx].params.push_back(p);
  }
  head += ")";
  if (rng_.chance(0.7)) head += " -> " + type_text(result);
  std::string body;
  if (rng_.chance(0.5)) {
    body = " = " + gen(result, 3, fc);
  } else {
    body = " {\n";
    int nlets = rng_.between(1, 3);
    for (int i = 0; i < nlets; ++i) {
      Var v{fresh("loc"), random_type(fc), true};
      std::string value = gen(v.type, 2, fc);
      // Before the result line, a `let` ending in `$` hides where the result starts (a tcoc
      // parser bug: compiler/syntax/parse.cpp can_end_expr() lacks DOLLAR).
      if (value.back() == '$') value = "(" + value + ")";
      body += "  let " + v.name + (rng_.chance(0.2) ? ": " + type_text(v.type) : "") + " = " + value + "\n";
      fc.vars.push_back(v);
    }
    std::string r = gen(result, 3, fc);
    // The result line must not begin like a continuation of the line before (`(`, `-`, `+`).
    if (r[0] == '(' || r[0] == '-' || r[0] == '+') {
      std::string name = fresh("loc");
      body += "  let " + name + " = " + r + "\n";
      r = name;
    }
    body += "  " + r + "\n}";
  }
  fns_[idx].text = head + body + "\n";
  fns_[idx].done = true;
  budget_ = saved_budget;
  return static_cast<int>(idx);
}

// ---- items ------------------------------------------------------------------------------

void Gen::record_types() {
  int n = static_cast<int>(rng_.weighted({0.3, 0.35, 0.25, 0.1}));
  for (int i = 0; i < n; ++i) {
    Record r;
    r.name = fresh("Rec");
    Ctx none;
    none.may_define = false;
    if (rng_.chance(0.7)) {
      r.has_name = true;
      r.fields.push_back({"name", text(), rng_.chance(0.2) ? "\"unnamed\"" : ""});
    }
    int nf = rng_.between(1, 4);
    for (int j = 0; j < nf; ++j) {
      Field f{fresh("k"), num(rng_.pick(palette_)), ""};
      double t = rng_.unit();
      if (t < 0.1) f.type = boolean();
      else if (t < 0.15) f.type = text();
      else if (t < 0.3 && !recs_.empty()) f.type = record(static_cast<int>(rng_.below(recs_.size())));
      r.fields.push_back(f);
    }
    // Defaults are constants: no names (a default naming a let of its own type would loop).
    for (auto& f : r.fields)
      if (f.name != "name" && rng_.chance(0.4)) {
        budget_ = 6;
        f.def = gen(f.type, 1, none);
      }
    rng_.shuffle(r.fields);
    recs_.push_back(r);
  }
}

std::string Gen::global_let() {
  budget_ = 25;
  Ctx c;
  c.vars = globals_;
  Var v{fresh("glob"), random_type(c)};
  std::string value = gen(v.type, 3, c);
  std::string s = "let " + v.name + (rng_.chance(0.25) ? ": " + type_text(v.type) : "") + " = " + value + "\n";
  globals_.push_back(v);
  return s;
}

std::string Gen::report() {
  budget_ = 80;
  Ctx c;
  c.vars = globals_;
  std::string s = "report \"" + fresh("Report ") + "\" {\n";
  int rows = rng_.between(1, 6);
  for (int i = 0; i < rows; ++i) {
    Type t = random_type(c, false);
    std::string label = rng_.chance(0.8) ? fresh("row") : "\"" + fresh("row ") + "\"";
    std::string value = gen(t, 3, c);
    if (t.kind == Type::Num && rng_.chance(0.5)) value += " -> " + conv_units(t.dim);
    s += "  " + label + ": " + value + "\n";
  }
  return s + "}\n";
}

// One axis of at most `cap` points; *size is an upper bound of its point count.
std::string Gen::axis(uint64_t cap, Ctx& c, uint64_t* size) {
  Ctx outer;  // axis values are constants: they see globals only
  outer.vars = globals_;
  const std::string name = fresh("ax");
  enum { NumList, RecList, TextList, BoolList, Step, Geometric, Bare, kOptions };
  std::vector<double> w = {3, recs_.empty() ? 0.0 : 2.0, 0.4, 0.3, 3, 1.5, 1};
  if (cap < 4) w[Step] = w[Geometric] = w[Bare] = 0;
  const uint64_t list_max = std::min<uint64_t>(cap, 5);
  Type elem;
  std::string values;
  const size_t kind = rng_.weighted(w);
  if (kind != RecList) listable_ = true;
  switch (kind) {
    case NumList:
    case RecList:
    case TextList:
    case BoolList: {
      elem = kind == NumList   ? num(rng_.pick(palette_))
             : kind == RecList ? listed(record(static_cast<int>(rng_.below(recs_.size()))))
             : kind == TextList ? text()
                                : boolean();
      uint64_t n = 1 + rng_.below(list_max);
      values = "[";
      for (uint64_t i = 0; i < n; ++i) values += (i ? ", " : "") + gen(elem, 1, outer);
      values += rng_.chance(0.1) ? ",]" : "]";
      *size = n;
      break;
    }
    case Step: {
      Dim d = rng_.pick(palette_);
      elem = num(d);
      std::string unit_sample = literal_with("1", d);
      bool dollar = unit_sample[0] == '$';
      std::string unit = d.plain() ? (rng_.chance(0.3) ? "%" : "") : unit_sample.substr(dollar ? 2 : 1);
      auto lit = [&](double v) {
        std::string t = fmt_double(std::fabs(v));
        return std::string(v < 0 ? "-" : "") + (dollar ? "$" + t + unit : t + unit);
      };
      static const std::vector<double> steps = {1, 2, 5, 10, 0.5, 0.25, 3, 100, 0.1};
      double step = rng_.pick(steps);
      double start = rng_.chance(0.2) ? 0 : rng_.chance(0.15) ? -rng_.between(1, 50) : rng_.between(1, 100);
      uint64_t n = 1 + rng_.below(std::min<uint64_t>(cap - 1, 40));
      double end = start + static_cast<double>(n - 1) * step + (rng_.chance(0.3) ? step * 0.5 : 0);
      values = lit(start) + " .. " + lit(end) + " step " + lit(step);
      *size = n + 1;
      break;
    }
    case Geometric: {
      Dim d = rng_.pick(palette_);
      elem = num(d);
      std::string unit_sample = literal_with("1", d);
      bool dollar = unit_sample[0] == '$';
      std::string unit = d.plain() ? "" : unit_sample.substr(dollar ? 2 : 1);
      auto lit = [&](double v) { return dollar ? "$" + fmt_double(v) + unit : fmt_double(v) + unit; };
      static const std::vector<double> starts = {1, 2, 0.5, 10, 3, 0.1};
      static const std::vector<double> ratios = {2, 1.5, 3, 10, 4, 1.25};
      double start = rng_.pick(starts), ratio = rng_.pick(ratios);
      uint64_t n = 1 + rng_.below(std::min<uint64_t>(cap - 1, 14));
      double end = start * std::pow(ratio, static_cast<double>(n - 1)) * (rng_.chance(0.3) ? 1.1 : 1.0);
      values = lit(start) + " .. " + lit(end) + " geometric " + fmt_double(ratio);
      *size = n + 1;
      break;
    }
    default: {
      elem = num(Dim{});
      int start = rng_.between(-5, 20);
      uint64_t n = 1 + rng_.below(std::min<uint64_t>(cap - 1, 30));
      values = std::to_string(start) + " .. " + std::to_string(start + static_cast<int>(n) - 1);
      *size = n + 1;
      break;
    }
  }
  c.vars.push_back({name, elem, true});
  return name + " in " + values;
}

std::string Gen::study_lets(Ctx& c, bool simulation) {
  std::string s;
  int n = simulation ? rng_.between(1, 4) : rng_.between(0, 3);
  for (int i = 0; i < n; ++i) {
    Type t = simulation && i == 0 ? num(rng_.pick(palette_)) : random_type(c);
    std::string value = simulation && i == 0 ? distribution(t.dim, 1, c) : gen(t, 3, c);
    Var v{fresh("loc"), t, true};
    s += "  let " + v.name + (rng_.chance(0.15) ? ": " + type_text(t) : "") + " = " + value + "\n";
    c.vars.push_back(v);
  }
  return s;
}

// Now and then a kernel of well over 10,000 instructions, which the JIT compiles with other
// code generator settings (kHugeKernel in compiler/jit/jit.cpp): a sum of 2,500 terms.
std::string Gen::huge_let(Ctx& c) {
  auto lq = local_quantities(c);
  if (lq.empty()) return "";
  const auto [p, d] = rng_.pick(lq);
  const std::string name = fresh("loc");
  std::string s = "  let " + name + " =";
  for (int i = 0; i < 2500; ++i) {
    std::string k = fmt_double(1 + 0.001 * (i + 1));
    std::string term;
    switch (i % 4) {
      case 0: term = "min(" + p + " * " + k + ", " + p + ")"; break;
      case 1: term = "max(" + p + ", " + p + " / " + k + ")"; break;
      case 2: term = "abs(" + p + ") * " + k; break;
      default: term = "(if " + p + " > " + p + " * " + k + " then " + p + " else -" + p + ")"; break;
    }
    s += (i ? " + " : " ") + term;
  }
  c.vars.push_back({name, num(d), true});
  forced_show_ = name;
  return s + "\n";
}

std::string Gen::show_rows(Ctx& c) {
  std::vector<int> named;
  for (size_t r = 0; r < recs_.size(); ++r)
    if (recs_[r].has_name) named.push_back(static_cast<int>(r));
  std::string s = "  show ";
  if (!forced_show_.empty()) s += std::exchange(forced_show_, "") + ", ";
  int n = rng_.between(1, 5);
  for (int i = 0; i < n; ++i) {
    double r = rng_.unit();
    Type t = r < 0.65 ? num(some_dim(c)) : r < 0.77 ? boolean() : r < 0.88 || named.empty() ? text() : record(rng_.pick(named));
    std::string item = gen(t, 2, c);
    if (t.kind == Type::Num && rng_.chance(0.5)) item += " -> " + conv_units(t.dim);
    if (rng_.chance(0.3)) item = fresh("col") + ": " + item;
    s += (i ? ", " : "") + item;
  }
  return s + "\n";
}

std::string Gen::show_summaries(Ctx& c) {
  std::string s = "  show ";
  if (!forced_show_.empty()) s += "sum(" + std::exchange(forced_show_, "") + "), ";
  int n = rng_.between(1, 5);
  for (int i = 0; i < n; ++i) {
    std::string item;
    uint64_t kind = rng_.below(9);
    if (kind == 0) {
      item = "count()";
    } else {
      Dim d = some_dim(c);
      std::string x = quantity(d, 2, c);
      static const std::vector<std::string> f = {"mean", "min", "max", "sum", "stddev"};
      static const std::vector<std::string> pct = {"95%", "0.9", "50%", "0%", "100%", "0.333"};
      if (kind <= 5) item = f[kind - 1] + "(" + x + ")";
      else if (kind <= 7) item = "p" + std::to_string(rng_.between(1, 99)) + "(" + x + ")";
      else item = "percentile(" + x + ", " + rng_.pick(pct) + ")";
      if (rng_.chance(0.5)) item += " -> " + conv_units(d);
    }
    if (rng_.chance(0.2)) item = fresh("col") + ": " + item;
    s += (i ? ", " : "") + item;
  }
  return s + "\n";
}

std::string Gen::sweep() {
  budget_ = 150;
  Ctx c;
  c.vars = globals_;
  std::string s = "sweep \"" + fresh("Sweep ") + "\" {\n  over ";
  listable_ = false;
  int naxes = 1 + static_cast<int>(rng_.weighted({0.45, 0.35, 0.2}));
  uint64_t limit = rng_.chance(0.15) ? lim_.max_sweep_points : std::min<uint64_t>(lim_.max_sweep_points, 400);
  uint64_t points = 1;
  for (int i = 0; i < naxes; ++i) {
    uint64_t remaining = std::max<uint64_t>(1, limit / points);
    uint64_t cap = i + 1 == naxes ? remaining
                                  : std::max<uint64_t>(1, static_cast<uint64_t>(std::pow(double(remaining), 1.0 / (naxes - i))));
    uint64_t size = 1;
    s += (i ? ", " : "") + axis(cap, c, &size);
    points *= size;
  }
  s += "\n" + study_lets(c, false);
  if (rng_.chance(0.004)) s += huge_let(c);
  if (rng_.chance(0.45)) s += "  where " + boolean_expr(2, c) + "\n";
  if (rng_.chance(0.12)) s += "  where " + boolean_expr(2, c) + "\n";
  static const std::vector<std::string> dir = {"min", "max"};
  double r = rng_.unit();
  if (r < 0.45) {
    double v = rng_.unit();
    if (v < 0.72 || (v >= 0.95 && (!forced_show_.empty() || !listable_))) s += show_rows(c);
    else if (v < 0.95) s += show_summaries(c);
  } else {
    if (r < 0.65) {
      s += "  best " + rng_.pick(dir) + " " + quantity(some_dim(c), 2, c);
      int keys = static_cast<int>(rng_.weighted({0.35, 0.5, 0.15}));
      for (int i = 0; i < keys; ++i) {
        std::string key;
        if (rng_.chance(0.6)) {
          std::vector<std::string> axes;
          for (const auto& v : c.vars)
            if (v.name.rfind("ax", 0) == 0) axes.push_back(v.name);
          key = rng_.pick(axes);
        } else {
          key = gen(random_type(c), 1, c);
        }
        s += (i ? ", " : " by ") + key;
      }
      s += "\n";
    } else if (r < 0.8) {
      s += "  top " + std::to_string(rng_.between(1, 8)) + " by " + rng_.pick(dir) + " " + quantity(some_dim(c), 2, c) + "\n";
    } else {
      s += "  pareto " + rng_.pick(dir) + " " + quantity(some_dim(c), 2, c) + ", " + rng_.pick(dir) + " " +
           quantity(some_dim(c), 2, c) + "\n";
    }
    if (rng_.chance(0.9) || !forced_show_.empty() || !listable_) s += show_rows(c);
  }
  return s + "}\n";
}

std::string Gen::simulation() {
  budget_ = 120;
  Ctx c;
  c.vars = globals_;
  c.simulation = true;
  static const std::vector<uint64_t> counts = {1, 2, 5, 10, 100, 500, 1000, 1000, 2000, 5000};
  uint64_t n = std::min(rng_.pick(counts), lim_.max_samples);
  if (n > 1000 && rng_.chance(0.5)) n = 1000;
  std::string s = "simulate \"" + fresh("Simulation ") + "\" {\n  samples " + std::to_string(n);
  if (rng_.chance(0.85)) s += " seed " + std::to_string(rng_.below(1000000));
  s += "\n" + study_lets(c, true);
  if (rng_.chance(0.2)) s += "  where " + boolean_expr(2, c) + "\n";
  s += show_summaries(c);  // a simulation without `show` is E0226
  return s + "}\n";
}

std::string Gen::assertion() {
  budget_ = 25;
  Ctx c;
  c.vars = globals_;
  std::string s = "assert " + boolean_expr(3, c);
  if (rng_.chance(0.7)) s += ", \"" + fresh("check ") + "\"";
  return s + "\n";
}

std::string Gen::plan() {
  device_ = rng_.chance(0.25);
  setup_units();
  std::string head = "// a random plan for tests/differential\n";
  if (device_)
    head +=
        "dimension Device\n@prefixes(si)\nunit gpu: Device\nunit rack = 72 gpu\nunit EUR = 1.08 $\n"
        "dimension Rate = Token / Time\n";
  record_types();
  std::vector<std::string> lets;
  int nlets = rng_.between(0, 5);
  for (int i = 0; i < nlets; ++i) lets.push_back(global_let());
  std::vector<std::string> items;
  int reports = static_cast<int>(rng_.weighted({0.5, 0.35, 0.15}));
  int sweeps = static_cast<int>(rng_.weighted({0.2, 0.4, 0.3, 0.1}));
  int sims = static_cast<int>(rng_.weighted({0.55, 0.35, 0.1}));
  int asserts = static_cast<int>(rng_.weighted({0.5, 0.3, 0.15, 0.05}));
  if (sweeps + sims == 0) sweeps = 1;
  for (int i = 0; i < reports; ++i) items.push_back(report());
  for (int i = 0; i < sweeps; ++i) items.push_back(sweep());
  for (int i = 0; i < sims; ++i) items.push_back(simulation());
  for (int i = 0; i < asserts; ++i) items.push_back(assertion());
  // Declarations may come in any order; items print in source order.
  std::vector<std::string> decls = lets;
  for (const auto& f : fns_) decls.push_back(f.text);
  rng_.shuffle(decls);
  rng_.shuffle(items);
  std::string out = head;
  for (const auto& r : recs_) {
    out += "type " + r.name + " {\n";
    for (const auto& f : r.fields) out += "  " + f.name + ": " + type_text(f.type) + (f.def.empty() ? "" : " = " + f.def) + "\n";
    out += "}\n";
  }
  for (const auto& d : decls) out += d;
  for (const auto& i : items) out += i;
  return out;
}

}  // namespace

std::string generate_plan(uint64_t seed, const GeneratorLimits& limits) {
  Gen g(seed, limits);
  return g.plan();
}

}  // namespace tco::difftest
