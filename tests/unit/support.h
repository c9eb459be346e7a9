// Helpers for tests that compile or run a plan given as a string.
#pragma once
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "compiler/driver/cli.h"
#include "compiler/pipeline/compile.h"

namespace tco::test {

// A file's bytes.
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// How many times `what` occurs in `text` (overlapping occurrences counted).
inline size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
  return n;
}

// A plan file in a fresh temporary folder, removed with the object.
class TempPlan {
 public:
  explicit TempPlan(const std::string& text, const std::string& name = "plan.tco") {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("tcoc-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    add(name, text);
    path_ = (dir_ / name).string();
  }
  ~TempPlan() { std::filesystem::remove_all(dir_); }
  void add(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  const std::string& path() const { return path_; }
  std::filesystem::path dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

struct Run {
  int code = 0;
  std::string out, err;
  nlohmann::json json() const { return nlohmann::json::parse(out); }
};

inline Run run_plan(const std::string& text, std::vector<std::string> args = {"run", "--format", "json"}) {
  TempPlan p(text);
  Run r;
  args.push_back(p.path());
  r.code = driver::tcoc_main(args, r.out, r.err, false);
  return r;
}

// The codes of every diagnostic the checker reports for a plan (empty when it is valid).
inline std::vector<std::string> codes_of(const std::string& text) {
  TempPlan p(text);
  auto c = pipeline::compile(p.path(), sema::SearchPaths::from_environment());
  std::vector<std::string> out;
  for (const auto& d : c->diags.list()) out.push_back(info(d.kind).code);
  return out;
}

// The value of a report row by label, from `tcoc run --format json`.
inline nlohmann::json row(const nlohmann::json& j, const std::string& label) {
  for (const auto& r : j["reports"])
    for (const auto& row : r["rows"])
      if (row["label"] == label) return row["value"];
  return nullptr;
}

}  // namespace tco::test
