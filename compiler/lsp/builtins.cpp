// One line of documentation per builtin, for hover and completion.
#include "compiler/lsp/builtins.h"

#include <regex>

namespace tco::lsp {

const std::vector<BuiltinDoc>& builtin_docs() {
  static const std::vector<BuiltinDoc> docs = {
      {"min", "min(a, b, ...)", "The smallest of values of one dimension; `min(x)` in `show` summarises a column."},
      {"max", "max(a, b, ...)", "The largest of values of one dimension; `max(x)` in `show` summarises a column."},
      {"clamp", "clamp(x, lo, hi)", "`x` kept within `lo` .. `hi` (all of one dimension)."},
      {"ceil", "ceil(x: Number)", "Rounds a plain number up."},
      {"floor", "floor(x: Number)", "Rounds a plain number down."},
      {"round", "round(x: Number)", "Rounds a plain number to the nearest whole number."},
      {"abs", "abs(x)", "The magnitude of `x`, in its dimension."},
      {"sqrt", "sqrt(x)", "The square root; the dimension's exponents are halved (all must be even)."},
      {"ln", "ln(x: Number)", "The natural logarithm of a plain number."},
      {"exp", "exp(x: Number)", "e to the power of a plain number."},
      {"log10", "log10(x: Number)", "The base-10 logarithm of a plain number."},
      {"log2", "log2(x: Number)", "The base-2 logarithm of a plain number."},
      {"sin", "sin(x: Number)", "The sine of a plain number of radians: `sin(2 * pi * t / 1 d)` for a daily cycle."},
      {"cos", "cos(x: Number)", "The cosine of a plain number of radians."},
      {"pow", "pow(x, n: Number)", "`x` to the power `n`; `n` a whole-number constant unless `x` is a plain number."},
      {"uniform", "uniform(lo, hi)", "A random variable uniform on `lo` .. `hi` (only in `simulate`)."},
      {"normal", "normal(mean, sd)", "A normally distributed random variable (only in `simulate`)."},
      {"triangular", "triangular(lo, mode, hi)", "A triangular random variable (only in `simulate`)."},
      {"lognormal", "lognormal(median, sigma: Number)",
       "A log-normal random variable; `sigma` is the spread of `ln x` (only in `simulate`)."},
      {"mean", "mean(x)", "The mean of a column (only as a `show` item)."},
      {"sum", "sum(x)", "The sum of a column (only as a `show` item)."},
      {"count", "count()", "How many points met `where` (only as a `show` item)."},
      {"stddev", "stddev(x)", "The standard deviation of a column (only as a `show` item)."},
      {"percentile", "percentile(x, p)", "The `p` percentile of a column, interpolated as numpy does (only as a `show` item)."},
      {"p50", "p1(x) .. p99(x)", "A percentile of a column: `p90(cost)` (only as a `show` item)."},
  };
  return docs;
}

const BuiltinDoc* builtin_doc(const std::string& name) {
  static const std::regex pct("p[0-9]{1,2}");
  std::string key = std::regex_match(name, pct) ? "p50" : name;
  for (const auto& d : builtin_docs())
    if (key == d.name) return &d;
  return nullptr;
}

}  // namespace tco::lsp
