// Writing a RunResult for people (table, markdown) and for machines (json, csv).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "runtime/results.h"

namespace tco::rt {

enum class Format { Table, Csv, Json, Markdown };

// Human rendering of one number: thousands separators, money in cents (or 3 significant
// digits below $1), other values to 4 significant digits, scientific beyond 1e15 / below 1e-6;
// +inf (the value of `none`) reads "none".
std::string format_human(double v, NumberStyle style);
// Shortest text that reads back to the same double; "NaN"/"inf" spelled out.
std::string format_exact(double v);

std::string write(const RunResult& r, Format f);

// CSV pieces (RFC 4180 quoting), shared by the CSV writer and streamed `--out` files.
std::string csv_field(std::string_view s);
std::string csv_record(const std::vector<std::string>& fields);
std::string csv_value(const Cell& c);  // numbers at full precision

}  // namespace tco::rt
