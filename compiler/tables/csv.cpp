// libcsv reports a cell's text, not where it was: fed one byte at a time, the byte that
// completes a cell (its comma, the row's end, or the end of the file) is known, and the cell
// began after the previous one's.
#include "compiler/tables/csv.h"

#include <csv.h>

#include <memory>

namespace tco::tables {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

struct Reader {
  Reader(const std::string& s, FileId f) : src(s), file(f) {}
  const std::string& src;
  FileId file;
  size_t pos = 0;          // the byte being fed
  size_t cell_start = 0;   // where the current cell began
  std::vector<Cell> row;
  std::vector<std::vector<Cell>> rows;

  Span span_to(size_t end) {
    size_t b = cell_start, e = end;
    while (b < e && blank(src[b])) ++b;  // a row's end and the blanks libcsv trims
    while (e > b && blank(src[e - 1])) --e;
    return Span{file, static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
  }
  void cell(const char* s, size_t n) {
    row.push_back(Cell{std::string(s ? s : "", s ? n : 0), span_to(pos)});
    cell_start = pos + 1;
  }
  void end_row() {
    rows.push_back(std::move(row));
    row.clear();
  }
};

void on_cell(void* s, size_t n, void* data) { static_cast<Reader*>(data)->cell(static_cast<const char*>(s), n); }
void on_row(int, void* data) { static_cast<Reader*>(data)->end_row(); }

}  // namespace

CsvResult read_csv(FileId file, const SourceManager& sm) {
  const std::string& src = sm.file(file).text;
  Reader r(src, file);
  csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&p, csv_free);
  auto problem = [&](CsvProblem::Kind k, Span at) { return CsvResult{std::nullopt, CsvProblem{k, at}}; };
  for (; r.pos < src.size(); ++r.pos) {
    if (csv_parse(&p, src.data() + r.pos, 1, on_cell, on_row, &r) == 1) continue;
    if (csv_error(&p) == CSV_ENOMEM || csv_error(&p) == CSV_ETOOBIG) throw std::bad_alloc();
    return problem(CsvProblem::BadQuote, Span{file, static_cast<uint32_t>(r.pos), static_cast<uint32_t>(r.pos + 1)});
  }
  if (csv_fini(&p, on_cell, on_row, &r) != 0)
    return problem(CsvProblem::Unterminated, r.span_to(src.size()));
  if (r.rows.empty()) return problem(CsvProblem::NoHeader, Span{file, 0, 0});
  Csv out;
  out.header = std::move(r.rows.front());
  for (size_t i = 1; i < r.rows.size(); ++i) {
    auto& row = r.rows[i];
    if (row.size() != out.header.size()) {
      CsvProblem pr{CsvProblem::Ragged, Span::cover(row.front().span, row.back().span), row.size(), out.header.size()};
      return CsvResult{std::nullopt, pr};
    }
    out.rows.push_back(std::move(row));
  }
  return CsvResult{std::move(out), std::nullopt};
}

void report(Diagnostics& d, const CsvProblem& p, const std::string& path) {
  switch (p.kind) {
    case CsvProblem::Unterminated:
      d.report<DiagKind::CsvUnterminated>(p.at).hint("close the cell with `\"`; a quote inside it is written `\"\"`");
      break;
    case CsvProblem::BadQuote:
      d.report<DiagKind::CsvBadQuote>(p.at).hint("write a quote inside a cell as `\"\"`, and quote the whole cell");
      break;
    case CsvProblem::Ragged:
      d.report<DiagKind::CsvRagged>(p.at, p.cells, p.expected).hint("each row has one cell per header column");
      break;
    case CsvProblem::NoHeader:
      d.report<DiagKind::CsvNoHeader>(p.at, path).hint("the first line names the columns");
      break;
  }
}

}  // namespace tco::tables
