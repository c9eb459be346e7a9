#include "runtime/plot/ticks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace tco::rt::plot {
namespace {

// Tolerance for values that land on a step up to rounding (0.1 * 3 is not 0.3).
constexpr double kEps = 1e-9;

std::string trim_zeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// k * step, with values within rounding of zero written as zero (never "-0").
double tick_at(double k, double step) {
  double v = k * step;
  return std::fabs(v) < step * kEps ? 0.0 : v;
}

// The 1-2-5 value at or below (down) or at or above (up) v > 0.
double one_two_five(double v, bool up) {
  const double mag = std::pow(10.0, std::floor(std::log10(v)));
  const double steps[] = {1, 2, 5, 10};
  if (up) {
    for (double s : steps)
      if (s * mag >= v * (1 - kEps)) return s * mag;
    return 10 * mag;
  }
  for (int i = 3; i >= 0; --i)
    if (steps[i] * mag <= v * (1 + kEps)) return steps[i] * mag;
  return mag;
}

}  // namespace

double nice_step(double span, int target) {
  const double raw = span / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

AxisTicks linear_axis(double lo, double hi, int target, bool extend) {
  if (hi < lo) std::swap(lo, hi);
  if (!(hi - lo > std::max(std::fabs(lo), std::fabs(hi)) * kEps)) {
    // One value: span from zero to it, so it shows as a size, not as a lone point.
    if (lo == 0) hi = 1;
    else if (lo > 0) lo = 0;
    else hi = 0;
  }
  AxisTicks axis;
  const double step = nice_step(hi - lo, target);
  if (!std::isfinite(step) || !(step > 0)) {
    // A span beyond what doubles hold (-1e308 to 1e308): ticks at the ends only.
    axis.lo = lo;
    axis.hi = hi;
    axis.ticks = {{lo, si_label(lo, std::fabs(lo))}, {hi, si_label(hi, std::fabs(hi))}};
    return axis;
  }
  double first = std::ceil(lo / step - kEps), last = std::floor(hi / step + kEps);
  if (extend) {
    first = std::floor(lo / step + kEps);
    last = std::ceil(hi / step - kEps);
    axis.lo = tick_at(first, step);
    axis.hi = tick_at(last, step);
  } else {
    axis.lo = lo;
    axis.hi = hi;
  }
  for (double k = first; k <= last; ++k) {
    const double v = tick_at(k, step);
    axis.ticks.push_back({v, si_label(v, step)});
  }
  return axis;
}

AxisTicks log_axis(double lo, double hi, bool extend, int target) {
  if (hi < lo) std::swap(lo, hi);
  if (!(hi > lo * (1 + kEps))) {
    if (lo / 2 > 0) lo /= 2;
    if (std::isfinite(hi * 2)) hi *= 2;
  }
  AxisTicks axis;
  axis.log = true;
  axis.lo = extend ? one_two_five(lo, false) : lo;
  axis.hi = extend ? one_two_five(hi, true) : hi;
  if (!std::isfinite(axis.hi) || !(axis.lo > 0)) {  // at the ends of the doubles
    axis.lo = lo;
    axis.hi = hi;
  }
  const double decades = std::log10(axis.hi) - std::log10(axis.lo);  // hi / lo may overflow
  const int e0 = static_cast<int>(std::floor(std::log10(axis.lo) + kEps));
  const int e1 = static_cast<int>(std::ceil(std::log10(axis.hi) - kEps));
  auto collect = [&](std::initializer_list<double> mults, int every) {
    std::vector<Tick> ticks;
    for (int e = e0; e <= e1; ++e) {
      if ((e % every + every) % every != 0) continue;
      for (double m : mults) {
        // Powers of ten as literals (1e-3, not 10^-3 computed), so labels stay exact.
        const double v = m * std::strtod(fmt::format("1e{}", e).c_str(), nullptr);
        if (std::isfinite(v) && v > 0 && v >= axis.lo * (1 - kEps) && v <= axis.hi * (1 + kEps)) ticks.push_back({v, si_label(v, v)});
      }
    }
    return ticks;
  };
  const size_t most = static_cast<size_t>(std::max(2, target));
  axis.ticks = collect({1, 2, 5}, 1);
  if (axis.ticks.size() < 3) {
    axis.ticks = collect({1, 2, 3, 4, 5, 6, 7, 8, 9}, 1);
  } else if (axis.ticks.size() > most) {
    // Powers of ten, every 1, 2, 5, 10, 20, ... of them.
    int every = 1;
    for (int m = 1; m < 1000 && std::floor(decades / every) + 1 > double(most); m *= 10)
      for (int f : {1, 2, 5})
        if (std::floor(decades / every) + 1 > double(most)) every = f * m;
    axis.ticks = collect({1}, every);
  }
  return axis;
}

AxisTicks value_axis(const std::vector<double>& values) {
  AxisTicks axis;
  if (values.empty()) return axis;
  std::vector<double> v = values;
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  axis.lo = v.front();
  axis.hi = v.back();
  for (double x : v) axis.ticks.push_back({x, exact_label(x)});
  return axis;
}

std::string si_label(double v, double step) {
  if (v == 0 || !std::isfinite(v)) return v == 0 ? "0" : fmt::format("{}", v);
  const double a = std::fabs(v);
  if (a < 1e-3 || a >= 1e18) {
    // Tiny and huge values in e-notation: "2.5e-5" reads better than "0.000025", and no
    // SI prefix past P is one an analyst knows.
    // As many mantissa digits as the step needs: 5.4900001e21 and 5.4900002e21 stay apart.
    int digits = 2;
    if (step > 0 && std::isfinite(step))
      digits = std::clamp(int(std::floor(std::log10(a))) - int(std::floor(std::log10(std::fabs(step)))), 0, 12);
    std::string s = fmt::format("{:.{}e}", v, digits);
    const size_t e = s.find('e');
    std::string mant = trim_zeros(s.substr(0, e));
    const int exp = std::atoi(s.c_str() + e + 1);
    return fmt::format("{}e{}", mant, exp);
  }
  static const struct {
    double base;
    const char* suffix;
  } kSuffixes[] = {{1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  double base = 1;
  const char* suffix = "";
  for (const auto& s : kSuffixes) {
    if (a >= s.base * (1 - kEps)) {
      base = s.base;
      suffix = s.suffix;
      break;
    }
  }
  const double scaled_step = std::fabs(step) / base;
  int decimals = scaled_step > 0 ? static_cast<int>(std::ceil(-std::log10(scaled_step) - kEps)) : 0;
  decimals = std::clamp(decimals, 0, 9);
  return trim_zeros(fmt::format("{:.{}f}", v / base, decimals)) + suffix;
}

std::string exact_label(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e4) return fmt::format("{:.0f}", v);
  return si_label(v, std::fabs(v) * 1e-3);
}

}  // namespace tco::rt::plot
