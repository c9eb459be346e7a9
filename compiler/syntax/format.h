// `tcoc fmt`: the one canonical layout of a plan.
//
// The formatter keeps every token, every comment and every line break of the source, and
// decides everything else: indentation (two spaces inside a `{ }` block, four inside a
// wrapped `( )` or `[ ]`, two more for a statement continued on the next line), the
// spaces between tokens (SourceToken, set by the parser from each token's role), at most
// one blank line in a row, `=` aligned down a run of `name = value` lines, report labels'
// values aligned, trailing `//` comments aligned down a run of lines. Line breaks are
// kept because they carry meaning (a unit must be on its number's line; a function
// body's result starts on a new line), so a formatted plan parses to the same tree and
// `tcoc run` prints the same bytes.
#pragma once
#include <optional>
#include <string>

#include "compiler/diagnostics/diagnostics.h"

namespace tco::syntax {

struct FormatResult {
  std::optional<std::string> text;  // the canonical text
  std::string internal_error;       // set when the formatter failed its own check
};

// The canonical text of a file already added to `sm`. No text when the file does not
// parse (its syntax errors are reported in `diags`; a broken plan is never reformatted).
// The formatter checks its own work: the result must parse, with the same tokens, the
// same tokens sharing a line, the same comments, and formatting it again must change
// nothing. A failed check is a bug in tcoc, returned as internal_error with no text.
FormatResult format_file(FileId file, SourceManager& sm, Diagnostics& diags);

}  // namespace tco::syntax
