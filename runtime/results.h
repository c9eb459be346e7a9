// runtime/: what a run produces and how it is written out. The result model is
// engine-neutral: the interpreter and the JIT fill the same tables.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tco::rt {

enum class CellKind { Number, Text, Bool };

struct Cell {
  CellKind kind = CellKind::Number;
  double number = 0;  // in the unit of its column / row
  std::string text;
  bool boolean = false;
  static Cell num(double v) { return Cell{CellKind::Number, v, {}, false}; }
  static Cell str(std::string s) { return Cell{CellKind::Text, 0, std::move(s), false}; }
  static Cell flag(bool b) { return Cell{CellKind::Bool, 0, {}, b}; }
};

// How a number should read in a human format; machine formats (json, csv) ignore it.
// Ratio: a quotient of two figures of one kind (`h100.cost / b200.cost`), printed as Plain
// in tables; charts write it with an ×.
enum class NumberStyle { Plain, Money, Percent, Count, Ratio };

struct Column {
  std::string name;   // "gpu.name", "s.cost_per_mtok", "p90(cost)"
  std::string unit;   // "$/Mtok", "tok/s", "" (dimensionless, text, bool)
  NumberStyle style = NumberStyle::Plain;
};

struct ReportRow {
  std::string label;
  Cell value;
  std::string unit;
  NumberStyle style = NumberStyle::Plain;
};

struct Report {
  std::string title;
  std::vector<ReportRow> rows;
};

// A sweep or a simulation.
struct Table {
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> notes;  // e.g. "12 of 40 points met `where`" (human formats only)
  // What identifies a row in another version of the plan (`tcoc diff`): the columns that
  // show the axes' values, in axis order (the group's axis for `best ... by`). Empty when
  // the table has one row, or nothing but their order tells its rows apart.
  std::vector<size_t> identity;
  // How many points a sweep priced and how many met `where` (none without `where`); a
  // simulation's samples and seed (no `where`).
  bool simulation = false;
  uint64_t points = 0;
  std::optional<uint64_t> met_where;
  uint64_t seed = 0;
  // Percentiles from a sketch (quantile_sketch.h): its bound on each one's relative error.
  std::optional<double> percentile_error;
};

// One side of an assert's comparison: as written, and its value in `unit`.
struct AssertSide {
  std::string expression;
  Cell value;
  std::string unit;
};

struct AssertResult {
  std::string message;
  bool passed = true;
  std::string detail;  // why it failed, values in units: "cost = 1.23 $/Mtok, limit 1 $/Mtok"
  // A comparison's two sides and its relation (`<`, `<=`, ...), whether or not it held;
  // empty for any other condition.
  std::optional<std::pair<AssertSide, AssertSide>> sides;
  std::string relation;
};

enum class ItemKind { Report, Sweep, Simulation, Assert };
struct ItemRef {
  ItemKind kind;
  size_t index;
};

struct RunResult {
  std::vector<Report> reports;
  std::vector<Table> sweeps;
  std::vector<Table> simulations;
  std::vector<AssertResult> asserts;
  std::vector<ItemRef> order;  // source order, for the human formats
  bool all_asserts_passed() const {
    for (const auto& a : asserts)
      if (!a.passed) return false;
    return true;
  }
};

}  // namespace tco::rt
