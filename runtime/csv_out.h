// `--out FILE`: the rows of plain sweeps streamed to a CSV file instead of held in memory.
// The file appears whole or not at all: rows go to a temporary beside it, renamed on commit.
#pragma once
#include <string>
#include <vector>

#include "runtime/atomic_file.h"
#include "runtime/results.h"

namespace tco::rt {

class CsvOut {
 public:
  CsvOut() = default;
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;
  // An uncommitted file's temporary is removed (rt::TempFile).

  bool open(const std::string& path, std::string* error);
  // Starts a block `# title`, then the header `name (unit)`, as `--format csv` does.
  void begin_table(const std::string& title, const std::vector<Column>& columns);
  void row(const std::vector<Cell>& cells);
  bool commit(std::string* error);
  const std::string& path() const { return path_; }

 private:
  void flush_if_full();
  std::string path_;
  TempFile file_;
  std::string buffer_;  // rows are written in blocks, not one write(2) each
  bool any_table_ = false;
};

}  // namespace tco::rt
