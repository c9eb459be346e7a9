// `--out FILE`: the rows of plain sweeps streamed to a CSV file instead of held in memory.
// The file appears whole or not at all: rows go to a temporary beside it, renamed on commit.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/results.h"

namespace tco::rt {

class CsvOut {
 public:
  CsvOut() = default;
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;
  ~CsvOut();  // removes the temporary unless committed

  bool open(const std::string& path, std::string* error);
  // Starts a block `# title`, then the header `name (unit)`, as `--format csv` does.
  void begin_table(const std::string& title, const std::vector<Column>& columns);
  void row(const std::vector<Cell>& cells);
  bool commit(std::string* error);
  const std::string& path() const { return path_; }

 private:
  std::string path_, temp_;
  std::FILE* file_ = nullptr;
  bool any_table_ = false;
};

}  // namespace tco::rt
