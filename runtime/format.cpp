// Number formatting for people (format_human) and machines (format_exact).
#include "runtime/format.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace tco::rt {
namespace {

// "1234567" → "1,234,567" (digits only, no sign).
std::string group_thousands(const std::string& digits) {
  std::string out;
  const size_t n = digits.size();
  out.reserve(n + n / 3);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "12345.678" → "12,345.678"
std::string group_fixed(const std::string& s) {
  const size_t dot = s.find('.');
  if (dot == std::string::npos) return group_thousands(s);
  return group_thousands(s.substr(0, dot)) + s.substr(dot);
}

// Decimal exponent of a > 0 after rounding to `sig` significant digits (so 9.9996 with 4
// digits counts as 10, exponent 1).
int rounded_exponent(double a, int sig) {
  const std::string s = fmt::format("{:.{}e}", a, sig - 1);
  return std::atoi(s.c_str() + s.find('e') + 1);
}

void strip_trailing_zeros(std::string& s) {
  const size_t dot = s.find('.');
  if (dot == std::string::npos) return;
  size_t end = s.find_first_of("eE", dot);
  const std::string exp = end == std::string::npos ? "" : s.substr(end);
  std::string mant = s.substr(0, end == std::string::npos ? s.size() : end);
  while (mant.back() == '0') mant.pop_back();
  if (mant.back() == '.') mant.pop_back();
  s = mant + exp;
}

// Money magnitude (a > 0): cents from $1 up, 3 significant digits below.
std::string money(double a) {
  if (a < 1) {
    const int e = rounded_exponent(a, 3);
    if (e < -6) return fmt::format("{:.2e}", a);
    if (e < 0) return fmt::format("{:.{}f}", a, 2 - e);
  }
  if (a >= 1e15) return fmt::format("{:.3e}", a);
  return group_fixed(fmt::format("{:.2f}", a));
}

// Plain / Percent / Count magnitude (a > 0).
std::string plain(double a) {
  if (a < 1e15 && a == std::floor(a)) return group_thousands(fmt::format("{:.0f}", a));
  const int e = rounded_exponent(a, 4);
  std::string s;
  if (e >= 15 || e < -6) s = fmt::format("{:.3e}", a);
  else if (e >= 3) return group_thousands(fmt::format("{:.0f}", std::round(a)));
  else s = fmt::format("{:.{}f}", a, 3 - e);
  strip_trailing_zeros(s);
  return s;
}

}  // namespace

std::string format_human(double v, NumberStyle style) {
  if (std::isnan(v)) return "NaN";
  // +inf is how the language spells `none` (no value, no bound): people read "none" where
  // a model has no figure to give, e.g. the price of a plan that does not fit.
  if (std::isinf(v)) return v > 0 ? "none" : "-inf";
  if (v == 0) return style == NumberStyle::Money ? "0.00" : "0";
  const double a = std::fabs(v);
  std::string s = style == NumberStyle::Money ? money(a) : plain(a);
  return v < 0 ? "-" + s : s;
}

std::string format_exact(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);
}

}  // namespace tco::rt
