// Internal to runtime/: one writer per output format (write_*.cpp) and what they share.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "runtime/format.h"
#include "runtime/results.h"

namespace tco::rt::detail {

std::string write_table(const RunResult& r);
std::string write_markdown(const RunResult& r);
std::string write_csv(const RunResult& r);
std::string write_json(const RunResult& r);

// The month convention, printed once beside any report or table with a monthly unit.
inline constexpr std::string_view kMonthNote = "month = 1/12 year = 30.44 days";

// What to print, in source order. Consecutive asserts form one group. Refs out of range
// are skipped; an empty `order` means reports, sweeps, simulations, then asserts.
struct Item {
  ItemKind kind;
  std::vector<size_t> indices;  // one, or several for a group of asserts
};
std::vector<Item> items_in_order(const RunResult& r);

// The layout shared by the formats for people: each item in source order, a blank line
// between items, no trailing spaces.
struct ItemWriters {
  void (*report)(std::string& out, const Report& rep);
  void (*table)(std::string& out, const Table& t);  // sweeps and simulations
  void (*asserts)(std::string& out, const RunResult& r, const std::vector<size_t>& which);
};
std::string write_items(const RunResult& r, const ItemWriters& w);

// True when `unit` uses month as a unit word: "$/month", "req/month", "months".
bool unit_mentions_month(std::string_view unit);
bool report_mentions_month(const Report& rep);
bool table_mentions_month(const Table& t);

// Terminal columns taken by UTF-8 text (code points; good enough for names and units).
size_t display_width(std::string_view s);
std::string pad_right(std::string_view s, size_t width);
std::string pad_left(std::string_view s, size_t width);
// Line breaks and tabs become spaces, so one value never breaks a table's layout.
std::string one_line(std::string_view s);
// Removes spaces at the end of every line.
std::string strip_trailing_spaces(std::string_view text);

// "name (unit)", or "name" when the unit is empty.
std::string header_text(const Column& c);
// A cell for people: numbers via format_human, booleans yes/no.
std::string human_cell(const Cell& c, NumberStyle style);
// Numeric columns (every cell a number) are right-aligned.
bool numeric_column(const Table& t, size_t col);

}  // namespace tco::rt::detail
