// `tcoc explain`: the breakdown's parts add up to the model's own figures, for scenarios
// bound by memory and by compute, rented and owned.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <fmt/format.h>

#include "support.h"

using tco::test::TempPlan;

namespace {

struct Breakdown {
  nlohmann::json reports;
  double get(size_t section, const std::string& label) const {
    for (const auto& r : reports[section]["rows"])
      if (r["label"] == label) return r["value"].get<double>();
    FAIL("no row " << label << " in section " << section);
    return 0;
  }
  std::string text(size_t section, const std::string& label) const {
    for (const auto& r : reports[section]["rows"])
      if (r["label"] == label) return r["value"].get<std::string>();
    return "";
  }
};

Breakdown explain(const std::string& scenario) {
  TempPlan p(fmt::format("import gpus\nimport models\nimport workloads\nimport pricing\nimport serving\n"
                         "let s = {}\n",
                         scenario));
  std::string out, err;
  int code = tco::driver::tcoc_main({"explain", "--format", "json", p.path(), "s"}, out, err, false);
  INFO(err);
  REQUIRE(code == 0);
  return Breakdown{nlohmann::json::parse(out)["reports"]};
}

}  // namespace

TEST_CASE("explain's parts add up to the model's figures", "[explain]") {
  const char* scenarios[] = {
      "serve(Llama3_70B, H100_SXM, FP8, Chat, OnPrem {}, gpus = 8)",
      "serve(Llama3_70B, H200, FP8, Chat, gpus = 1, batch = 4)",  // memory-bound, rented
      "serve(Llama3_8B, B200, FP4, Summarization, OnPrem { colocation = $190/kW/month, other_opex = $0.5/hr }, gpus = 2, tp = 1)",
      "serve(DeepSeek_R1, H200, FP8, Reasoning, OnPrem { pue = 1.5 }, gpus = 8)",
  };
  for (const char* s : scenarios) {
    INFO(s);
    auto b = explain(s);
    REQUIRE(b.reports.size() == 5);
    // Decode step: the bound (the larger of memory and compute) + communication + fixed.
    const double memory = b.get(1, "memory time (weights + KV)");
    CHECK(memory == Approx(b.get(1, "weight reads") + b.get(1, "KV-cache reads")));
    const double compute = b.get(1, "compute time");
    const double comm = b.get(1, "communication (all-reduce, all-to-all)");
    const double fixed = b.get(1, "fixed per-step cost");
    // The bound names the largest part: the fixed costs, the communication, or the larger
    // of memory and compute.
    const char* bound = fixed >= std::max({memory, compute, comm}) ? "overhead"
                        : comm >= std::max(memory, compute)        ? "communication"
                        : memory >= compute                        ? "memory"
                                                                   : "compute";
    CHECK(b.text(1, "bound by") == bound);
    const double step = b.get(1, "= decode step (bound + communication + fixed)");
    CHECK(step == Approx(std::max(memory, compute) + comm + fixed));
    const char* tpot = "= time per output token (TPOT): step / tokens + prompts";
    CHECK(b.get(1, tpot) ==
          Approx(step / b.get(1, "accepted tokens per sequence per step") + b.get(1, "other requests' prefill, per token")));
    CHECK(b.get(2, "per user (1 / TPOT)") == Approx(1000 / b.get(1, tpot)));
    // Cost: the five parts sum to the hour and to the million tokens.
    for (size_t section : {3u, 4u}) {
      double sum = 0;
      for (const auto& r : b.reports[section]["rows"]) {
        const std::string label = r["label"];
        // Not parts: the totals, energy, and the same cost per other units ("per request").
        if (label[0] != '=' && label.rfind("energy", 0) != 0 && label.rfind("per ", 0) != 0)
          sum += r["value"].get<double>();
      }
      const std::string total = section == 3 ? "= cost per hour" : "= cost per million tokens";
      CHECK(sum == Approx(b.get(section, total)));
    }
    CHECK(b.get(4, "= cost per million tokens") ==
          Approx(b.get(3, "= cost per hour") / (b.get(2, "tokens per second, all GPUs") * 3600 / 1e6)));
  }
}

TEST_CASE("explain names the scenarios when given something else", "[explain]") {
  TempPlan p("import gpus\nimport models\nimport workloads\nimport serving\nlet n = 3\nlet a = serve(Llama3_8B, H100_SXM, BF16, Chat, gpus = 1)\n");
  std::string out, err;
  CHECK(tco::driver::tcoc_main({"explain", p.path(), "n"}, out, err, false) == 2);
  CHECK(err.find("E0123") != std::string::npos);
  CHECK(err.find("this plan has `a`") != std::string::npos);
  err.clear();
  CHECK(tco::driver::tcoc_main({"explain", p.path()}, out, err, false) == 2);
  CHECK(err.find("explain takes a plan file and the name") != std::string::npos);
}

namespace {

// A copy of the stdlib with serving.tco and breakdown.tco edited by `edit`, in use
// (TCOC_STDLIB) while alive.
class EditedStdlib {
 public:
  explicit EditedStdlib(const std::function<std::string(std::string)>& edit) : plan_("") {
    namespace fs = std::filesystem;
    dir_ = plan_.dir() / "stdlib";
    fs::copy(TCOC_STDLIB_DIR, dir_, fs::copy_options::recursive);
    for (const char* name : {"serving.tco", "breakdown.tco"}) {
      std::ifstream in(dir_ / name, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), {});
      in.close();
      std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << edit(text);
    }
    ::setenv("TCOC_STDLIB", dir_.c_str(), 1);
  }
  ~EditedStdlib() { ::unsetenv("TCOC_STDLIB"); }

 private:
  TempPlan plan_;
  std::filesystem::path dir_;
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

}  // namespace

TEST_CASE("explain follows the stdlib's declared breakdown", "[explain]") {
  const std::string scenario = "serve(Llama3_70B, H200, FP8, Chat, gpus = 1, batch = 4)";
  const double kv_ms = explain(scenario).get(1, "KV-cache reads");
  SECTION("a Serving field renamed and a row relabelled in another unit") {
    EditedStdlib stdlib([](std::string s) {
      s = replace_all(s, "step_kv", "step_kv_reads");
      return replace_all(s, "// KV-cache reads [ms]", "// reading the KV cache [us]");
    });
    auto b = explain(scenario);
    CHECK(b.get(1, "reading the KV cache") == Approx(kv_ms * 1000));
    CHECK(b.reports[1]["rows"][1]["unit"] == "us");
  }
  SECTION("a stdlib without a breakdown is refused with a diagnostic, not an internal error") {
    EditedStdlib stdlib([](std::string s) { return replace_all(s, "fn breakdown(", "fn breakdown_gone("); });
    TempPlan p("import gpus\nimport models\nimport workloads\nimport serving\nlet s = " + scenario + "\n");
    std::string out, err;
    CHECK(tco::driver::tcoc_main({"explain", p.path(), "s"}, out, err, false) == 2);
    CHECK(err.find("E0123") != std::string::npos);
    CHECK(err.find("declares no breakdown") != std::string::npos);
  }
}
