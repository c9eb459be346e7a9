// What a table's cells and headers say, before any name in them is resolved: a number and
// the unit written after it (`$2.49/hr`, `80 GB`, `1,200`, `5M`), a header's name and unit
// (`rent ($/hr)`). Units come back as products of factors, each with its span in the file,
// for the checker to resolve as it resolves a literal's.
#pragma once
#include <optional>
#include <string>

#include "compiler/diagnostics/source.h"
#include "compiler/syntax/ast.h"
#include "compiler/tables/csv.h"

namespace tco::tables {

struct NumberCell {
  double value = 0;   // as written, count suffix applied (`5M` = 5e6), not yet scaled by the unit
  ast::Product unit;  // empty when none is written; `$` counts as a factor (`$2/hr` = $/hr)
};

// `why` says what is wrong when nothing comes back ("expected a number", ...).
std::optional<NumberCell> parse_number_cell(const Cell& c, const SourceManager& sm, std::string* why);

struct Header {
  std::string name;                 // `rent`
  std::optional<ast::Product> unit;  // `($/hr)`, when given
};

// `rent`, `rent ($/hr)`, `rent [$/hr]`; nothing after `why` when the unit part is malformed.
std::optional<Header> parse_header(const Cell& c, const SourceManager& sm, std::string* why);

}  // namespace tco::tables
