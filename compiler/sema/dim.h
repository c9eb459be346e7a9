// Physical dimensions as integer exponents over the base dimensions declared in the
// prelude (Time, Data, Compute, ...) and by plans (`dimension Device`). Integer exponents
// are enough for cost models: sqrt() of an odd exponent is a compile error.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"

namespace tco::sema {

constexpr size_t kMaxBaseDims = 16;

struct Dim {
  std::array<int8_t, kMaxBaseDims> exp{};

  bool dimensionless() const {
    for (auto e : exp)
      if (e) return false;
    return true;
  }
  friend bool operator==(const Dim&, const Dim&) = default;
  Dim operator*(const Dim& o) const {
    Dim r;
    for (size_t i = 0; i < kMaxBaseDims; ++i) r.exp[i] = static_cast<int8_t>(exp[i] + o.exp[i]);
    return r;
  }
  Dim operator/(const Dim& o) const {
    Dim r;
    for (size_t i = 0; i < kMaxBaseDims; ++i) r.exp[i] = static_cast<int8_t>(exp[i] - o.exp[i]);
    return r;
  }
  Dim pow(int n) const {
    Dim r;
    for (size_t i = 0; i < kMaxBaseDims; ++i) r.exp[i] = static_cast<int8_t>(exp[i] * n);
    return r;
  }
  // Halves every exponent, or nothing when one is odd.
  std::optional<Dim> sqrt() const {
    Dim r;
    for (size_t i = 0; i < kMaxBaseDims; ++i) {
      if (exp[i] % 2) return std::nullopt;
      r.exp[i] = static_cast<int8_t>(exp[i] / 2);
    }
    return r;
  }
  static Dim base(size_t i) {
    Dim d;
    d.exp[i] = 1;
    return d;
  }
};

// Names for printing dimensions the way analysts say them: `Data/Time`, `Money/Token`,
// and `Power` for `Energy/Time` when the prelude names it so.
class DimNames {
 public:
  // Returns the index of a new base dimension, or nothing when the table is full.
  std::optional<size_t> add_base(const std::string& name, Span decl = {});
  void add_alias(const std::string& name, const Dim& d, Span decl = {});
  // Where a dimension name was declared (invalid when unknown).
  Span decl_of(const std::string& name) const;
  void set_base_unit(size_t index, const std::string& unit) { base_units_[index] = unit; }
  bool has_base_unit(size_t index) const { return !base_units_[index].empty(); }

  std::optional<Dim> lookup(const std::string& name) const;
  size_t base_count() const { return bases_.size(); }
  const std::string& base_name(size_t i) const { return bases_[i]; }

  // `Data/Time`, `Money/(Token·Time)`, `Number` when dimensionless.
  std::string structural(const Dim& d) const;
  // `Power (Energy/Time)` when an alias matches exactly, else structural().
  std::string describe(const Dim& d) const;
  // The base unit spelling used when no `->` says otherwise: `B/s`, `$/tok`, "" for none.
  std::string base_unit_text(const Dim& d) const;

 private:
  std::string render(const Dim& d, const std::vector<std::string>& names, const char* dot) const;
  std::vector<std::string> bases_;
  std::array<std::string, kMaxBaseDims> base_units_{};
  std::vector<std::pair<std::string, Dim>> aliases_;
  std::vector<Span> alias_decls_;  // parallel to aliases_
};

}  // namespace tco::sema
