// A CSV file as rows of cells, each with its span in the file.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/diagnostics/source.h"

namespace tco::tables {

struct Cell {
  std::string text;  // unquoted, doubled quotes undone, surrounding blanks trimmed
  Span span;         // the cell as written, quotes included
};

struct Csv {
  std::vector<Cell> header;
  std::vector<std::vector<Cell>> rows;  // every row has header.size() cells
};

// What is wrong with the file, and where.
struct CsvProblem {
  enum Kind { Unterminated, BadQuote, Ragged, NoHeader } kind;
  Span at;
  size_t cells = 0, expected = 0;  // Ragged: this row's cells, the header's
};

// Splits `file` (already read into `sm`) into a header and rows. Blank lines are skipped.
// Returns the first problem instead when the file is not well-formed CSV.
struct CsvResult {
  std::optional<Csv> csv;
  std::optional<CsvProblem> problem;
};
CsvResult read_csv(FileId file, const SourceManager& sm);

// Reports `p` (E0010-E0013) with a hint; `path` names the file.
void report(Diagnostics& d, const CsvProblem& p, const std::string& path);

}  // namespace tco::tables
