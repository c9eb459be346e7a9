#include "runtime/plot/plot.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "runtime/atomic_file.h"
#include "runtime/plot/chart.h"
#include "runtime/plot/slug.h"

namespace tco::rt::plot {
namespace {

namespace fs = std::filesystem;

const Table* table_of(const RunResult& r, const StudyShape& s) {
  const auto& list = s.simulation ? r.simulations : r.sweeps;
  return s.table < list.size() ? &list[s.table] : nullptr;
}

}  // namespace

bool prepare_dir(const std::string& dir, std::string* error) {
  std::error_code ec;
  const fs::path p(dir);
  if (fs::exists(p, ec) && !fs::is_directory(p, ec)) {
    *error = "it is not a folder";
    return false;
  }
  fs::create_directories(p, ec);
  if (ec) {
    *error = os_error(ec.value());
    return false;
  }
  // access() would say yes to root on a read-only mount: only creating a file tells.
  const fs::path probe = p / fmt::format(".tcoc-plot-probe{}", ::getpid());
  std::FILE* f = std::fopen(probe.c_str(), "wb");
  if (!f) {
    *error = os_error(errno);
    return false;
  }
  std::fclose(f);
  std::remove(probe.c_str());
  return true;
}

std::vector<std::string> chart_names(const RunResult& r, const std::vector<StudyShape>& shapes) {
  std::vector<std::string> titles;
  for (const auto& s : shapes) {
    const Table* t = table_of(r, s);
    titles.push_back(t ? t->title : "");
  }
  std::vector<std::string> names = unique_slugs(titles);
  for (auto& n : names) n += ".svg";
  return names;
}

Outcome write_charts(const std::string& dir, const RunResult& r, const std::vector<StudyShape>& shapes) {
  Outcome out;
  const std::vector<std::string> names = chart_names(r, shapes);
  for (size_t i = 0; i < shapes.size(); ++i) {
    const Table* t = table_of(r, shapes[i]);
    if (!t) continue;
    const char* what = shapes[i].simulation ? "simulation" : "sweep";
    const ChartChoice choice = choose_chart(*t, shapes[i]);
    if (!choice.chart) {
      out.lines.push_back(fmt::format("plot: no chart for {} \"{}\": {}", what, t->title, choice.why));
      continue;
    }
    const fs::path path = fs::path(dir) / names[i];
    if (!write_file_atomically(path.string(), render(*choice.chart), &out.error)) {
      out.failed_path = path.string();
      return out;
    }
    out.lines.push_back(fmt::format("plot: wrote {}", path.string()));
  }
  return out;
}

}  // namespace tco::rt::plot
