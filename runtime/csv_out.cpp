#include "runtime/csv_out.h"

#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "runtime/atomic_file.h"
#include "runtime/format.h"

namespace tco::rt {

CsvOut::~CsvOut() {
  if (file_) {
    std::fclose(file_);
    std::remove(temp_.c_str());
  }
}

bool CsvOut::open(const std::string& path, std::string* error) {
  path_ = path;
  namespace fs = std::filesystem;
  fs::path p(path);
  temp_ = (p.parent_path() / ("." + p.filename().string() + ".tmp" + std::to_string(::getpid()))).string();
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    *error = "it is a directory";
    return false;
  }
  file_ = std::fopen(temp_.c_str(), "wb");
  if (!file_) {
    *error = os_error(errno);
    return false;
  }
  return true;
}

void CsvOut::begin_table(const std::string& title, const std::vector<Column>& columns) {
  std::string head = (any_table_ ? "\n" : "") + csv_record({"# " + title});
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.unit.empty() ? c.name : c.name + " (" + c.unit + ")");
  head += csv_record(names);
  std::fwrite(head.data(), 1, head.size(), file_);
  any_table_ = true;
}

void CsvOut::row(const std::vector<Cell>& cells) {
  std::vector<std::string> fields;
  fields.reserve(cells.size());
  for (const auto& c : cells) fields.push_back(csv_value(c));
  std::string line = csv_record(fields);
  std::fwrite(line.data(), 1, line.size(), file_);
}

bool CsvOut::commit(std::string* error) {
  bool ok = std::fflush(file_) == 0 && !std::ferror(file_);
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (ok && std::rename(temp_.c_str(), path_.c_str()) == 0) return true;
  *error = os_error(errno);
  std::remove(temp_.c_str());
  return false;
}

}  // namespace tco::rt
