// compiler/calibrate: the measurement file `tcoc calibrate` reads, checked cell by cell.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "compiler/calibrate/evaluate.h"
#include "compiler/calibrate/fit.h"
#include "compiler/calibrate/measurements.h"
#include "compiler/calibrate/pinning.h"
#include "compiler/calibrate/plan.h"
#include "support.h"

using tco::SourceManager;
using tco::calibrate::Problem;
using tco::calibrate::read_measurements;

namespace {

struct Read {
  SourceManager sm;
  tco::calibrate::Measurements m;
  explicit Read(const std::string& text) {
    auto f = sm.add("runs.csv", text);
    auto csv = tco::tables::read_csv(f, sm);
    REQUIRE(csv.csv);
    m = read_measurements(*csv.csv, tco::Span{f, 0, static_cast<uint32_t>(text.size())});
  }
  std::pair<uint32_t, uint32_t> where(const tco::Span& s) const {
    auto lc = sm.file(s.file).line_col(s.begin);
    return {lc.line, lc.col};
  }
};

const char* kHeader = "gpu,model,precision,engine,gpus,tp,ep,dp,input,output,batch,metric,value,unit\n";

}  // namespace

TEST_CASE("measurements: each row's cells, with the optional columns' defaults", "[calibrate]") {
  Read r(std::string(kHeader) +
         "H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,200,1,tpot,12.5,ms\n"
         "H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,200,64,tokens_per_s_per_gpu,1850,tok/s\n");
  REQUIRE(r.m.problems.empty());
  REQUIRE(r.m.rows.size() == 2);
  const auto& a = r.m.rows[0];
  CHECK(a.gpu.text == "H100_SXM");
  CHECK(a.engine->text == "vLLM");
  CHECK(a.batch.value == 1);
  CHECK(a.value == 12.5);
  CHECK(a.unit.text == "ms");
  CHECK(r.m.rows[1].metric.text == "tokens_per_s_per_gpu");

  Read minimal("gpu,model,precision,gpus,input,output,batch,metric,value,unit\n"
               "B200,DeepSeek_R1,FP4,8,1024,1024,256,tokens_per_s,9000,tok/s\n");
  REQUIRE(minimal.m.problems.empty());
  const auto& b = minimal.m.rows[0];
  CHECK(b.tp.value == 8);  // tp defaults to gpus
  CHECK(b.ep.value == 1);
  CHECK(b.dp.value == 1);
  CHECK(b.pp.value == 1);
  CHECK(!b.engine);
  CHECK(!b.largest_batch);

  Read offline("gpu,model,precision,gpus,pp,input,output,batch,metric,value,unit\n"
               "H200,Llama33_70B,FP8,2,2,1000,1000,auto,tokens_per_s_per_gpu,2600,tok/s\n");
  REQUIRE(offline.m.problems.empty());
  CHECK(offline.m.rows[0].largest_batch);
  CHECK(offline.m.rows[0].pp.value == 2);
}

namespace {
// Runs of the given metrics, for the choice's tests (only the metric matters to it).
std::vector<tco::calibrate::Measurement> runs_of(std::initializer_list<const char*> metrics) {
  std::vector<tco::calibrate::Measurement> out;
  for (const char* m : metrics) {
    tco::calibrate::Measurement r;
    r.metric.text = m;
    out.push_back(r);
  }
  return out;
}
}  // namespace

TEST_CASE("calibrate: each kind of figure pins its own constants, fewer than its runs", "[calibrate]") {
  // Knobs in fit.h's order: memory, compute, prefill, layer, sequence, ttft_overhead,
  // queueing. Two TPOTs and two TTFTs: each moves a different pattern, so only the caps
  // (one decode knob, one first-token knob) limit the choice.
  auto runs = runs_of({"tpot", "tpot", "ttft", "ttft"});
  std::vector<std::vector<double>> sens = {
      {-0.9, 0.0, 0.0, 0.3, 0.05, 0.0, 0.0},
      {-0.5, -0.3, 0.0, 0.1, 0.4, 0.0, 0.0},
      {0.0, 0.0, -0.6, 0.0, 0.0, 0.3, 0.1},
      {0.0, 0.0, -0.4, 0.0, 0.0, 0.1, 0.7},
  };
  // The misfit is the queueing's pattern among the TTFTs and the sequence cost's among the
  // TPOTs: those are chosen over the knobs that move the runs more but the wrong way.
  std::vector<double> misfit = {0.02, 0.16, 0.03, 0.28};
  auto c = tco::calibrate::choose(sens, misfit, runs);
  REQUIRE(c.chosen == std::vector<size_t>{4, 6});
  CHECK(c.kinds == std::vector<size_t>{tco::calibrate::kDecode, tco::calibrate::kFirstToken});
  std::map<size_t, std::string> why(c.left.begin(), c.left.end());
  CHECK(why.at(0) == "2 decode runs pin at most 1 constant that mainly moves TPOT and throughput");
  CHECK(why.at(2) == "2 TTFT runs pin at most 1 constant that mainly moves TTFT");
  CHECK(why.size() == 5);

  // A knob no run depends on is said to be so, whatever the caps.
  sens[0][1] = sens[1][1] = 0;
  c = tco::calibrate::choose(sens, misfit, runs);
  CHECK(std::map<size_t, std::string>(c.left.begin(), c.left.end()).at(1) == "no run's prediction depends on it");
}

TEST_CASE("calibrate: a constant's spread is the prior's without runs, narrower with them", "[calibrate]") {
  const double alone = std::expm1(tco::calibrate::kPriorWidth);
  // Knob 0 moved one for one by three runs; knob 1 barely by one of them.
  std::vector<std::vector<double>> sens(3, std::vector<double>(tco::calibrate::knobs().size(), 0.0));
  sens[0][0] = sens[1][0] = sens[2][0] = 1.0;
  sens[0][1] = 0.01;
  auto p = tco::calibrate::pinning(sens, {0, 1});
  REQUIRE(p.size() == 2);
  // Three runs at 10% each against a 25% prior: 1 / (3 / 0.1² + 1 / 0.25²) in log variance
  // (to within knob 1's slight coupling).
  CHECK(std::log1p(p[0].spread) == Approx(std::sqrt(1 / (3 / 0.01 + 1 / 0.0625))).epsilon(1e-3));
  CHECK(p[0].from_runs > 0.9);
  CHECK(p[1].spread == Approx(alone).epsilon(0.01));
  CHECK(p[1].from_runs < 0.01);
}

TEST_CASE("measurements: every bad cell is a problem at its line and column", "[calibrate]") {
  Read r(std::string(kHeader) +
         "H100_SXM,Llama3_70B,FP8,vLLM,8,0,1,1,1000,200,1,tpott,12.5,ms\n"
         "H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,2.5,1,tpot,-3,ms\n");
  REQUIRE(r.m.problems.size() == 4);
  CHECK(r.m.problems[0].kind == Problem::NotACount);
  CHECK(r.m.problems[0].name == "tp");
  CHECK(r.where(r.m.problems[0].at) == std::make_pair(2u, 32u));
  CHECK(r.m.problems[1].kind == Problem::UnknownMetric);
  CHECK(r.m.problems[1].hint == "did you mean `tpot`?");
  CHECK(r.where(r.m.problems[1].at) == std::make_pair(2u, 49u));
  CHECK(r.m.problems[2].kind == Problem::NotACount);
  CHECK(r.m.problems[2].name == "output");
  CHECK(r.m.problems[3].kind == Problem::NotAValue);
  CHECK(r.where(r.m.problems[3].at) == std::make_pair(3u, 54u));
}

TEST_CASE("measurements: the header names every required column once", "[calibrate]") {
  Read r("gpu,model,precison,gpus,gpus,input,output,batch,metric,value,unit\nB200,DeepSeek_R1,FP4,8,8,1,1,1,tpot,1,ms\n");
  REQUIRE(r.m.problems.size() == 3);
  CHECK(r.m.problems[0].kind == Problem::UnknownColumn);
  CHECK(r.m.problems[0].hint == "did you mean `precision`?");
  CHECK(r.m.problems[1].kind == Problem::DuplicateColumn);
  CHECK(r.m.problems[2].kind == Problem::MissingColumn);
  CHECK(r.m.problems[2].name == "precision");

  Read empty(kHeader);
  REQUIRE(empty.m.problems.size() == 1);
  CHECK(empty.m.problems[0].kind == Problem::NoRows);
}

TEST_CASE("calibration plan: every run through serve() under each candidate, as a plan would", "[calibrate]") {
  Read r(std::string(kHeader) +
         "H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,200,1,tpot,12.5,ms\n"
         "H200,Llama3_70B,FP8,vLLM,8,4,1,1,2000,500,64,tokens_per_s_per_gpu,1.85,ktok/s\n");
  REQUIRE(r.m.problems.empty());
  std::vector<tco::calibrate::Constant> constants = {{"memory_efficiency", ""}, {"layer_overhead", "us"}};
  auto plan = tco::calibrate::plan_text(r.m.rows, "vLLM", constants, {{0.8, 40}, {0.9, 60}});
  // The cells are placed where the plan names them.
  REQUIRE(plan.cells.size() == 8);
  CHECK(plan.text.substr(plan.cells[0].begin, plan.cells[0].end - plan.cells[0].begin) == "Llama3_70B");
  CHECK(plan.text.substr(plan.cells.back().begin, plan.cells.back().end - plan.cells.back().begin) == "ktok/s");
  CHECK(plan.cells.back().cell.begin == r.m.rows[1].unit.span.begin);

  auto run = tco::test::run_plan(plan.text);
  INFO(run.err);
  REQUIRE(run.code == 0);
  auto j = run.json();
  const auto& rows = j["sweeps"][0]["rows"];
  REQUIRE(rows.size() == 4);  // 2 candidates x 2 runs
  // Candidate 1, run 0 is serve() with vLLM's constants so changed.
  auto direct = tco::test::run_plan(
      "import gpus\nimport models\nimport workloads\nimport serving\nreport \"r\" {\n"
      "  v: serve(Llama3_70B, H100_SXM, FP8, Workload { requests = 1 req/s, input = 1000 tok/req, "
      "output = 200 tok/req }, gpus = 8, tp = 8, batch = 1, engine = vLLM with { memory_efficiency = 0.9, "
      "layer_overhead = 60 us }).tpot -> ms\n}\n");
  REQUIRE(direct.code == 0);
  CHECK(rows[2][0] == 1);
  CHECK(rows[2][1] == 0);
  CHECK(rows[2][2].get<double>() == Approx(tco::test::row(direct.json(), "v").get<double>()));
  // One shown unit (tok/s) is a thousandth of the run's own (ktok/s).
  CHECK(tco::test::row(j, "u1").get<double>() == Approx(0.001));
}

TEST_CASE("calibration plan lowered once prices any candidate", "[calibrate]") {
  Read r(std::string(kHeader) +
         "H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,200,1,tpot,12.5,ms\n"
         "H200,Llama3_70B,FP8,vLLM,8,4,1,1,2000,500,64,tokens_per_s_per_gpu,1.85,ktok/s\n");
  std::vector<tco::calibrate::Constant> constants = {{"memory_efficiency", ""}, {"layer_overhead", "us"}};
  auto plan = tco::calibrate::plan_text(r.m.rows, "vLLM", constants, tco::calibrate::marker_points(2));
  tco::test::TempPlan file(plan.text);
  auto c = tco::pipeline::compile(file.path(), tco::sema::SearchPaths::from_environment());
  REQUIRE(c->lowered);
  auto e = tco::calibrate::Evaluator::make(c->ir, 2, 2);
  REQUIRE(e);
  CHECK(e->unit_factors()[0] == Approx(1));
  CHECK(e->unit_factors()[1] == Approx(0.001));
  auto direct = [](double eff, double layer) {
    auto run = tco::test::run_plan(fmt::format(
        "import gpus\nimport models\nimport workloads\nimport serving\nreport \"r\" {{\n"
        "  v: serve(Llama3_70B, H100_SXM, FP8, Workload {{ requests = 1 req/s, input = 1000 tok/req, "
        "output = 200 tok/req }}, gpus = 8, tp = 8, batch = 1, engine = vLLM with {{ memory_efficiency = {}, "
        "layer_overhead = {} us }}).tpot -> ms\n}}\n",
        eff, layer));
    REQUIRE(run.code == 0);
    return tco::test::row(run.json(), "v").get<double>();
  };
  for (auto [eff, layer] : {std::pair{0.9, 60.0}, std::pair{0.7, 20.0}}) {
    auto f = e->figures({eff, layer});
    REQUIRE(f.size() == 2);
    CHECK(f[0][0] == Approx(direct(eff, layer)));  // run 0's tpot, in ms
  }
}

namespace {

// The evaluator for `runs` with every knob a candidate constant, over base engine `base`.
struct Fixture {
  Read read;
  std::vector<tco::calibrate::Constant> constants;
  std::unique_ptr<tco::pipeline::Compilation> compiled;
  std::optional<tco::calibrate::Evaluator> e;
  Fixture(const std::string& csv, const std::string& base) : read(csv) {
    REQUIRE(read.m.problems.empty());
    for (const auto& k : tco::calibrate::knobs()) constants.push_back(k.constant);
    auto plan = tco::calibrate::plan_text(read.m.rows, base, constants,
                                          tco::calibrate::marker_points(constants.size()));
    tco::test::TempPlan file(plan.text);
    compiled = tco::pipeline::compile(file.path(), tco::sema::SearchPaths::from_environment());
    REQUIRE(compiled->lowered);
    e = tco::calibrate::Evaluator::make(compiled->ir, read.m.rows.size(), constants.size());
    REQUIRE(e);
  }
};

}  // namespace

TEST_CASE("calibrate recovers the constants that generated its runs", "[calibrate]") {
  // Runs of Llama 3 70B at TP2 and TP8 (TPOT and throughput at 1 and 64 sequences, TTFT
  // at 1), their values produced by the model itself with vLLM's memory efficiency at 0.75
  // and its per-layer cost at 70 us; the fit starts from vLLM's own values. Two tensor
  // parallel degrees are needed: at one, the weights' read and the per-layer cost scale
  // every figure alike, and no run tells them apart (the fit then keeps one at the base).
  std::string rows;
  for (const char* tp : {"2", "8"})
    for (const char* b : {"1", "64"})
      for (auto [metric, unit] : {std::pair{"tpot", "ms"}, std::pair{"ttft", "ms"}, std::pair{"tokens_per_s_per_gpu", "tok/s"}})
        if (std::string(metric) != "ttft" || std::string(b) == "1")
          rows += fmt::format("H100_SXM,Llama3_70B,FP8,vLLM,8,{},1,1,1000,200,{},{},1,{}\n", tp, b, metric, unit);
  Fixture f(std::string(kHeader) + rows, "vLLM");
  auto& runs = f.read.m.rows;
  std::vector<double> truth = f.e->base();
  truth[0] = 0.75;  // memory_efficiency
  truth[3] = 70;    // layer_overhead, us
  auto generated = f.e->figures(truth);
  for (size_t i = 0; i < runs.size(); ++i) {
    runs[i].value = generated[i][tco::calibrate::metric_index(runs[i].metric.text)];
  }
  auto measured = tco::calibrate::measured(runs, f.e->unit_factors());

  const auto base = f.e->base();
  auto sens = tco::calibrate::sensitivity(*f.e, runs, measured, base);
  auto misfit = tco::calibrate::weighted_log_errors(runs, tco::calibrate::log_errors(runs, f.e->figures(base), measured));
  auto choice = tco::calibrate::choose(sens, misfit, runs);
  for (auto k : choice.chosen) UNSCOPED_INFO("chosen " << tco::calibrate::knobs()[k].constant.field);
  for (auto& [k, why] : choice.left) UNSCOPED_INFO("left " << tco::calibrate::knobs()[k].constant.field << ": " << why);
  for (size_t i = 0; i < runs.size(); ++i) {
    std::string row;
    for (double x : sens[i]) row += fmt::format("{:.3f} ", x);
    UNSCOPED_INFO("sens " << row);
  }
  auto has = [&](size_t k) { return std::find(choice.chosen.begin(), choice.chosen.end(), k) != choice.chosen.end(); };
  REQUIRE(has(0));
  REQUIRE(has(3));
  CHECK(choice.chosen.size() < runs.size());
  // Plain least squares finds them exactly; the prior keeps the constants nearer the base
  // (one may pass its truth to spare the other), at a small cost in fit.
  auto r = tco::calibrate::fit(*f.e, runs, measured, choice, base, 0.0);
  auto with_prior = tco::calibrate::fit(*f.e, runs, measured, choice, base);
  double moved = 0, moved_with_prior = 0;
  for (size_t i = 0; i < choice.chosen.size(); ++i) {
    const size_t k = choice.chosen[i];
    const auto& knob = tco::calibrate::knobs()[k];
    INFO(knob.constant.field);
    CHECK(r.values[i] == Approx(truth[k]).epsilon(0.01));
    moved += std::pow(tco::calibrate::log_distance(knob, r.values[i], base[k]), 2);
    moved_with_prior += std::pow(tco::calibrate::log_distance(knob, with_prior.values[i], base[k]), 2);
  }
  CHECK(moved_with_prior < 0.9 * moved);
  CHECK(r.rms_log < 1e-3);
  CHECK(with_prior.rms_log < 0.03);
  CHECK(with_prior.rms_log > r.rms_log);
}

TEST_CASE("calibrate leaves at the base what its runs cannot tell apart", "[calibrate]") {
  // One deployment at 1 and 64 sequences: the weights' read and the per-layer cost move
  // every figure alike, so only one of them is fitted, and the other says why it was not.
  std::string rows;
  for (const char* b : {"1", "64"})
    for (auto [metric, unit] : {std::pair{"tpot", "ms"}, std::pair{"tokens_per_s_per_gpu", "tok/s"}})
      rows += fmt::format("H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,200,{},{},100,{}\n", b, metric, unit);
  Fixture f(std::string(kHeader) + rows, "vLLM");
  auto& runs = f.read.m.rows;
  auto measured = tco::calibrate::measured(runs, f.e->unit_factors());
  const auto base = f.e->base();
  auto sens = tco::calibrate::sensitivity(*f.e, runs, measured, base);
  auto misfit = tco::calibrate::weighted_log_errors(runs, tco::calibrate::log_errors(runs, f.e->figures(base), measured));
  auto choice = tco::calibrate::choose(sens, misfit, runs);
  auto chosen = [&](size_t k) { return std::find(choice.chosen.begin(), choice.chosen.end(), k) != choice.chosen.end(); };
  CHECK(chosen(0) != chosen(3));  // memory_efficiency or layer_overhead, not both
  bool explained = false;
  for (auto& [k, why] : choice.left)
    if ((k == 0 || k == 3) && why == "these runs cannot tell it from the constants fitted") explained = true;
  CHECK(explained);
  CHECK(choice.chosen.size() <= runs.size() - 1);
}

TEST_CASE("tcoc calibrate: a module that cannot be written is E0303, and nothing is left", "[calibrate]") {
  tco::test::TempPlan dir("", "unused.tco");
  dir.add("runs.csv", std::string(kHeader) + "H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,200,1,tpot,9.8,ms\n");
  std::string out, err;
  int code = tco::driver::tcoc_main({"calibrate", (dir.dir() / "runs.csv").string(), "--out",
                                     (dir.dir() / "missing" / "mine.tco").string(), "--base", "vLLM"},
                                    out, err, false);
  CHECK(code == 3);
  CHECK(err.find("error[E0303]") != std::string::npos);
  CHECK(err.find("--out names a file in a folder that exists") != std::string::npos);
  CHECK(!std::filesystem::exists(dir.dir() / "missing"));
}

TEST_CASE("tcoc calibrate writes a module a plan beside it imports", "[calibrate]") {
  tco::test::TempPlan dir("", "unused.tco");
  dir.add("runs.csv", std::string(kHeader) +
                          "H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,200,1,tpot,9.8,ms\n"
                          "H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,200,1,ttft,95,ms\n"
                          "H100_SXM,Llama3_70B,FP8,vLLM,8,8,1,1,1000,200,64,tpot,21.5,ms\n");
  std::string out, err;
  int code = tco::driver::tcoc_main({"calibrate", (dir.dir() / "runs.csv").string(), "--out",
                                     (dir.dir() / "mine.tco").string(), "--base", "vLLM", "--name", "mine"},
                                    out, err, false);
  INFO(err);
  REQUIRE(code == 0);
  // Nothing but the runs, the module and the plan the fixture wrote: no temporary is left.
  size_t files = 0;
  for ([[maybe_unused]] const auto& f : std::filesystem::directory_iterator(dir.dir())) ++files;
  CHECK(files == 3);
  const std::string module = tco::test::slurp(dir.dir() / "mine.tco");
  CHECK(module.find("let mine = vLLM with {") != std::string::npos);
  // The plan beside it predicts the first run as the fit did: the module's table gives the
  // fitted error of line 2 (the first run) last on its line.
  const auto at = module.find("// line 2: ");
  REQUIRE(at != std::string::npos);
  const auto eol = module.find('\n', at);
  const auto comma = module.rfind(", ", eol);
  const double fitted_error = std::stod(module.substr(comma + 2, eol - comma - 3)) / 100;
  dir.add("plan.tco",
          "import gpus\nimport models\nimport workloads\nimport serving\nimport mine\nreport \"r\" {\n"
          "  v: serve(Llama3_70B, H100_SXM, FP8, Workload { requests = 1 req/s, input = 1000 tok/req, "
          "output = 200 tok/req }, gpus = 8, batch = 1, engine = mine).tpot -> ms\n}\n");
  std::string pout, perr;
  REQUIRE(tco::driver::tcoc_main({"run", "--format", "json", (dir.dir() / "plan.tco").string()}, pout, perr, false) == 0);
  CHECK(tco::test::row(nlohmann::json::parse(pout), "v").get<double>() == Approx(9.8 * (1 + fitted_error)).epsilon(0.002));
  // `tcoc fmt --check` finds nothing to change.
  std::string fout, ferr;
  CHECK(tco::driver::tcoc_main({"fmt", "--check", (dir.dir() / "mine.tco").string()}, fout, ferr, false) == 0);
}
