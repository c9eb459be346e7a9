// Header names are matched exactly (the documented spelling), counts must be whole numbers
// of at least 1 and values finite and positive: a measurement file is checked cell by cell
// before anything is fitted to it, and every problem is reported, not only the first.
#include "compiler/calibrate/measurements.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "compiler/sema/units.h"

namespace tco::calibrate {
namespace {

const std::vector<std::string> kRequired = {"gpu", "model", "precision", "gpus", "input", "output",
                                            "batch", "metric", "value", "unit"};
const std::vector<std::string> kOptional = {"engine", "tp", "ep", "dp", "pp"};

std::optional<double> number_of(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The hint for `s`, not one of `names`: the nearest when it is close enough to be what was
// meant, else all of them (`the columns are a, b, ...`).
std::string suggestion(const std::string& s, const std::vector<std::string>& names, const char* all) {
  auto near = sema::suggest(s, names);
  return near.empty() ? fmt::format("the {} are {}", all, fmt::join(names, ", "))
                      : fmt::format("did you mean `{}`?", near.front());
}

// Each metric the fit understands, and the unit the calibration plan shows it in.
const std::vector<std::pair<std::string, std::string>> kMetrics = {{"tpot", "ms"},
                                                                   {"ttft", "ms"},
                                                                   {"tokens_per_s", "tok/s"},
                                                                   {"tokens_per_s_per_gpu", "tok/s"},
                                                                   {"tokens_per_s_per_user", "tok/s"}};

}  // namespace

const std::vector<std::string>& metrics() {
  static const std::vector<std::string> m = [] {
    std::vector<std::string> names;
    for (const auto& [name, unit] : kMetrics) names.push_back(name);
    return names;
  }();
  return m;
}

size_t metric_index(const std::string& metric) {
  return static_cast<size_t>(std::find(metrics().begin(), metrics().end(), metric) - metrics().begin());
}

const std::string& shown_unit(const std::string& metric) { return kMetrics.at(metric_index(metric)).second; }

Measurements read_measurements(const tables::Csv& csv, Span file) {
  Measurements out;
  std::map<std::string, size_t> col;
  std::vector<std::string> known = kRequired;
  known.insert(known.end(), kOptional.begin(), kOptional.end());
  for (size_t i = 0; i < csv.header.size(); ++i) {
    const auto& h = csv.header[i];
    if (std::find(known.begin(), known.end(), h.text) == known.end()) {
      out.problems.push_back({Problem::UnknownColumn, h.span, h.text, suggestion(h.text, known, "columns")});
    } else if (!col.emplace(h.text, i).second) {
      out.problems.push_back({Problem::DuplicateColumn, h.span, h.text, "keep one of them"});
    }
  }
  Span header = csv.header.empty() ? file : Span::cover(csv.header.front().span, csv.header.back().span);
  std::vector<std::string> missing;
  for (const auto& name : kRequired)
    if (!col.count(name)) missing.push_back(name);
  if (!missing.empty())
    out.problems.push_back({Problem::MissingColumn, header, fmt::format("{}", fmt::join(missing, ", ")),
                            fmt::format("the required columns are {}", fmt::join(kRequired, ", "))});
  if (!out.problems.empty()) return out;
  if (csv.rows.empty()) {
    out.problems.push_back({Problem::NoRows, header, "", "add one row per measured figure under the header"});
    return out;
  }
  for (const auto& cells : csv.rows) {
    Measurement m;
    m.row = Span::cover(cells.front().span, cells.back().span);
    auto cell = [&](const char* name) -> const tables::Cell& { return cells[col.at(name)]; };
    auto count = [&](const char* name, std::optional<double> fallback, const char* hint = "") {
      if (!col.count(name)) return Count{fallback.value_or(1), m.row};
      const auto& c = cell(name);
      auto v = number_of(c.text);
      if (!v || *v < 1 || *v != std::floor(*v)) {
        out.problems.push_back({Problem::NotACount, c.span, name,
                                fmt::format("write it as a whole number, such as 1 or 8{}", hint)});
        return Count{1, c.span};
      }
      return Count{*v, c.span};
    };
    m.gpu = cell("gpu");
    m.model = cell("model");
    m.precision = cell("precision");
    if (col.count("engine") && !cell("engine").text.empty()) m.engine = cell("engine");
    m.gpus = count("gpus", std::nullopt);
    m.tp = count("tp", m.gpus.value);
    m.ep = count("ep", 1);
    m.dp = count("dp", 1);
    m.pp = count("pp", 1);
    m.input = count("input", std::nullopt);
    m.output = count("output", std::nullopt);
    // `auto`, as a plan writes it: an offline run (all requests queued at once), whose
    // batch is the largest that fits, as serve() finds it.
    if (cell("batch").text == "auto")
      m.largest_batch = true, m.batch = Count{1, cell("batch").span};
    else
      m.batch = count("batch", std::nullopt, ", or auto for an offline run's largest batch");
    m.metric = cell("metric");
    if (metric_index(m.metric.text) == metrics().size()) {
      out.problems.push_back(
          {Problem::UnknownMetric, m.metric.span, m.metric.text, suggestion(m.metric.text, metrics(), "metrics")});
    }
    const auto& v = cell("value");
    m.value_span = v.span;
    if (auto x = number_of(v.text); x && *x > 0)
      m.value = *x;
    else
      out.problems.push_back({Problem::NotAValue, v.span, v.text, "a measured figure is a number above 0, with no unit"});
    m.unit = cell("unit");
    out.rows.push_back(std::move(m));
  }
  return out;
}

}  // namespace tco::calibrate
