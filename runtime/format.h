// Writing a RunResult for people (table, markdown) and for machines (json, csv).
#pragma once
#include <string>

#include "runtime/results.h"

namespace tco::rt {

enum class Format { Table, Csv, Json, Markdown };

// Human rendering of one number: thousands separators, money in cents (or 3 significant
// digits below $1), other values to 4 significant digits, scientific beyond 1e15 / below 1e-6.
std::string format_human(double v, NumberStyle style);
// Shortest text that reads back to the same double; "NaN"/"inf" spelled out.
std::string format_exact(double v);

std::string write(const RunResult& r, Format f);

}  // namespace tco::rt
