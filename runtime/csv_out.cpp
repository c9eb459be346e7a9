#include "runtime/csv_out.h"

#include "runtime/format.h"

namespace tco::rt {

namespace {
constexpr size_t kBlockBytes = 1 << 16;
}

bool CsvOut::open(const std::string& path, std::string* error) {
  path_ = path;
  return file_.create(path, error);
}

void CsvOut::flush_if_full() {
  if (buffer_.size() < kBlockBytes) return;
  file_.write(buffer_);
  buffer_.clear();
}

void CsvOut::begin_table(const std::string& title, const std::vector<Column>& columns) {
  buffer_ += (any_table_ ? "\n" : "") + csv_record({"# " + title});
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.unit.empty() ? c.name : c.name + " (" + c.unit + ")");
  buffer_ += csv_record(names);
  any_table_ = true;
  flush_if_full();
}

void CsvOut::row(const std::vector<Cell>& cells) {
  std::vector<std::string> fields;
  fields.reserve(cells.size());
  for (const auto& c : cells) fields.push_back(csv_value(c));
  buffer_ += csv_record(fields);
  flush_if_full();
}

bool CsvOut::commit(std::string* error) {
  file_.write(buffer_);
  buffer_.clear();
  return file_.commit(error);
}

}  // namespace tco::rt
