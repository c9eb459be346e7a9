// The stdlib serving model (stdlib/serving.tco) through `tcoc run`: memory arithmetic
// against hand-computed values, and the properties `serve` promises (auto batch is the
// largest that meets the SLOs, parts sum to wholes, a plan that does not fit has no price).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "support.h"

using tco::test::row;
using tco::test::run_plan;

namespace {

const char* kImports = "import gpus\nimport models\nimport workloads\nimport pricing\nimport serving\n";

// One report row's value from a plan that imports the whole stdlib.
double value_of(const std::string& expr) {
  auto r = run_plan(fmt::format("{}report \"r\" {{\n  v: {}\n}}\n", kImports, expr));
  REQUIRE(r.code == 0);
  auto v = row(r.json(), "v");
  REQUIRE(v.is_number());
  return v.get<double>();
}

}  // namespace

TEST_CASE("KV cache per token matches the hand-computed figures", "[serving]") {
  // 2 (K and V) x layers x KV heads x head dim x bytes per element.
  CHECK(value_of("kv_per_token(Llama3_70B, BF16) -> B") == 2 * 80 * 8 * 128 * 2);  // 327,680
  CHECK(value_of("kv_per_token(Llama3_70B, FP8) -> B") == 2 * 80 * 8 * 128 * 1);
  CHECK(value_of("kv_per_token(Llama3_8B, BF16) -> B") == 2 * 32 * 8 * 128 * 2);
  CHECK(value_of("kv_per_token(Mixtral_8x22B, BF16) -> B") == 2 * 56 * 8 * 128 * 2);
  CHECK(value_of("kv_per_token(Qwen25_72B, BF16) -> B") == 327680);
  // MLA caches the 512-value latent and the 64-value rope key per layer.
  CHECK(value_of("kv_per_token(DeepSeek_R1, BF16) -> B") == 61 * (512 + 64) * 2);
  CHECK(value_of("kv_per_token(DeepSeek_R1, FP8) -> B") == 61 * (512 + 64));
}

TEST_CASE("sliding-window layers cap their share of the KV cache", "[serving]") {
  // Gemma 3 27B: 10 global layers hold every token, 52 local layers at most 1,024.
  const double per_layer = 2 * 16 * 128 * 2;
  CHECK(value_of("kv_bytes(Gemma3_27B, BF16, 512) -> B") == per_layer * 62 * 512);
  CHECK(value_of("kv_bytes(Gemma3_27B, BF16, 32768) -> B") == per_layer * (10 * 32768 + 52 * 1024));
  // The 436 MB the model card quotes as the local layers' maximum.
  CHECK(per_layer * 52 * 1024 == 436207616);
}

TEST_CASE("weights take the precision's bytes per parameter", "[serving]") {
  CHECK(value_of("weight_bytes(Llama3_70B, BF16) -> GB") == Approx(141.1));
  CHECK(value_of("weight_bytes(Llama3_70B, FP8) -> GB") == Approx(70.55));
  CHECK(value_of("weight_bytes(Llama3_70B, FP4) -> GB") == Approx(70.55 * 4.5 / 8));
}

TEST_CASE("MoE decode reads the expected experts touched", "[serving]") {
  // Mixtral 8x7B, top-2 of 8; one expert's share of all layers = (46.7G - 12.88G) / 6.
  const double expert = (46.7e9 - 12.88e9) / 6;
  for (int b : {1, 2, 4, 16, 64}) {
    const double touched = 8 * (1 - std::pow(1 - 2.0 / 8, b));
    CHECK(value_of(fmt::format("weights_read(Mixtral_8x7B, FP8, {}) -> B", b)) ==
          Approx(12.88e9 + expert * (touched - 2)).epsilon(1e-12));
  }
  // A dense model reads all its weights whatever the batch.
  CHECK(value_of("weights_read(Llama3_70B, FP8, 64) -> GB") == Approx(70.55));
}

TEST_CASE("the largest batch is what memory holds after the weights", "[serving]") {
  // Llama 3 70B FP8 on one H200 (141 GiB), 1k in + 1k out:
  // (141 GiB * 0.9 - 70.55 GB - 4 GB) / (2048 * 163,840 B).
  const char* w = "Workload { requests = 1 req/s, input = 1024 tok/req, output = 1024 tok/req }";
  const double gib = 1024.0 * 1024 * 1024;
  const double budget = 141 * gib * 0.9 - 70.55e9 - 4e9;
  CHECK(value_of(fmt::format("serve(Llama3_70B, H200, FP8, {}, gpus = 1).max_batch", w)) ==
        std::floor(budget / (2048 * 163840.0)));
  // Tensor parallelism splits the weights: eight GPUs hold 8 * (136.3 - 8.82 - 4) GB of cache.
  const double tp8 = 8 * (141 * gib * 0.9 - 70.55e9 / 8 - 4e9);
  CHECK(value_of(fmt::format("serve(Llama3_70B, H200, FP8, {}, gpus = 8).max_batch", w)) ==
        std::floor(tp8 / (2048 * 163840.0)));
}

TEST_CASE("batch = auto is the largest batch that meets the SLOs", "[serving]") {
  // For each setup: auto's batch meets both SLOs and one more sequence breaks one of them
  // (or memory, or the engine's cap).
  const char* setups[] = {
      "Llama3_70B, H100_SXM, FP8, Chat, gpus = 8",
      "Llama3_70B, H200, FP8, Chat with { ttft_slo = none }, gpus = 8",
      "Llama3_8B, H100_SXM, BF16, Chat with { tpot_slo = 20 ms }, gpus = 1",
      "Qwen3_32B, B200, FP4, RAG, gpus = 2",
      "Llama3_405B, H200, FP8, Reasoning, gpus = 8",
  };
  for (const char* s : setups) {
    INFO(s);
    auto r = run_plan(fmt::format(
        "{}let a = serve({})\nlet b = serve({}, batch = a.batch + 1)\n"
        "report \"r\" {{\n  batch: a.batch\n  ok: a.meets_slo and a.fits\n"
        "  next_ok: b.meets_slo and b.fits and a.batch + 1 <= calibrated.max_batch\n}}\n",
        kImports, s, s));
    REQUIRE(r.code == 0);
    auto j = r.json();
    CHECK(row(j, "batch").get<double>() >= 1);
    CHECK(row(j, "ok") == true);
    CHECK(row(j, "next_ok") == false);
  }
}

TEST_CASE("a plan that does not fit has no price", "[serving]") {
  auto r = run_plan(fmt::format(
      "{}let s = serve(DeepSeek_R1, H100_SXM, FP8, Chat, gpus = 8)\n"
      "report \"r\" {{\n  fits: s.fits\n  cost: s.cost_per_mtok -> $/Mtok\n  tpot: s.tpot -> ms\n"
      "  monthly: s.monthly_cost -> $/month\n  meets: s.meets_slo\n}}\n",
      kImports));
  REQUIRE(r.code == 0);
  auto j = r.json();
  CHECK(row(j, "fits") == false);
  CHECK(row(j, "cost").is_null());  // none: JSON null
  CHECK(row(j, "tpot").is_null());
  CHECK(row(j, "monthly").is_null());
  CHECK(row(j, "meets") == false);
}

TEST_CASE("cost per token, monthly cost and energy follow from the hourly cost", "[serving]") {
  auto r = run_plan(fmt::format(
      "{}let p = OnPrem {{ power_price = $0.10/kWh, pue = 1.2 }}\n"
      "let s = serve(Llama3_70B, B200, FP4, SupportBot, p, gpus = 8)\n"
      "report \"r\" {{\n"
      "  per_mtok: s.cost_per_mtok -> $/Mtok\n"
      "  from_hour: s.cost_per_hour / s.tokens_per_s -> $/Mtok\n"
      "  parts: 8 * (capital_per_hour(p, B200) + power_per_hour(p, B200) + cooling_per_hour(p, B200)"
      " + other_per_hour(p, B200)) -> $/hr\n"
      "  hour: s.cost_per_hour -> $/hr\n"
      "  monthly: s.monthly_cost -> $/hr\n"
      "  needed: s.gpus_needed\n"
      "  per_gpu_hour: hourly(p, B200) -> $/hr\n"
      "  energy: s.energy_per_token -> J/tok\n"
      "  energy_check: 8 * 1000 W * 1.7 * 0.75 * 1.2 / s.tokens_per_s -> J/tok\n"
      "  per_user: s.tokens_per_s_per_user -> tok/s\n"
      "  tpot: s.tpot -> s\n"
      "}}\n",
      kImports));
  REQUIRE(r.code == 0);
  auto j = r.json();
  CHECK(row(j, "per_mtok").get<double>() == Approx(row(j, "from_hour").get<double>()));
  CHECK(row(j, "parts").get<double>() == Approx(row(j, "hour").get<double>()));
  CHECK(row(j, "monthly").get<double>() ==
        Approx(row(j, "needed").get<double>() * row(j, "per_gpu_hour").get<double>()));
  CHECK(row(j, "energy").get<double>() == Approx(row(j, "energy_check").get<double>()));
  CHECK(row(j, "per_user").get<double>() == Approx(1 / row(j, "tpot").get<double>()));
}

TEST_CASE("cloud pricing defaults to the GPU's rent, and rent only", "[serving]") {
  CHECK(value_of("hourly(cloud, H200) -> $/hr") == Approx((2.25 + 4.54) / 2));
  CHECK(value_of("hourly(Cloud { rent = $1.50/hr }, H200) -> $/hr") == Approx(1.5));
  CHECK(value_of("serve(Llama3_8B, H200, FP8, Chat, gpus = 4).cost_per_hour -> $/hr") ==
        Approx(4 * (2.25 + 4.54) / 2));
}

namespace {

// A Setup literal for the forward step functions.
std::string setup(const std::string& model, const std::string& gpu, const std::string& precision, int tp,
                  int isl = 1024, int osl = 1024) {
  return fmt::format("Setup {{ model = {}, gpu = {}, precision = {}, engine = calibrated, tp = {}, isl = {}, osl = {} }}",
                     model, gpu, precision, tp, isl, osl);
}

}  // namespace

TEST_CASE("prompts are prefilled in whole chunks, then one step with the rest", "[serving]") {
  const std::string s = setup("Llama3_70B", "H200", "FP8", 8);
  const double chunk = value_of(fmt::format("prefill_step({}, 8192) -> ms", s));
  const double one = value_of(fmt::format("prefill_step({}, 1) -> ms", s));
  const double rest = value_of(fmt::format("prefill_step({}, 1000) -> ms", s));
  CHECK(value_of(fmt::format("prefill_time({}, 8192) -> ms", s)) == Approx(chunk));
  CHECK(value_of(fmt::format("prefill_time({}, 8193) -> ms", s)) == Approx(chunk + one));
  CHECK(value_of(fmt::format("prefill_time({}, 2 * 8192 + 1000) -> ms", s)) == Approx(2 * chunk + rest));
  // A step of a few tokens costs far less than a full chunk: the rest is not priced as one.
  CHECK(one < chunk / 4);
}

TEST_CASE("a chip's measured factors scale its bandwidth and matrix rate", "[serving]") {
  // MI300X's factors (0.88, 0.64) against the same chip with NVIDIA's efficiencies (1, 1).
  const std::string measured = setup("Llama3_70B", "MI300X", "FP8", 8);
  const std::string nominal = setup("Llama3_70B", "MI300X with { bandwidth_factor = 1, matrix_factor = 1 }", "FP8", 8);
  CHECK(value_of(fmt::format("decode_step({}, 64).weights -> ms", measured)) ==
        Approx(value_of(fmt::format("decode_step({}, 64).weights -> ms", nominal)) / 0.88));
  CHECK(value_of(fmt::format("decode_step({}, 64).compute -> ms", measured)) ==
        Approx(value_of(fmt::format("decode_step({}, 64).compute -> ms", nominal)) / 0.64));
  // NVIDIA's GPUs carry no factor: the efficiencies were fitted on them.
  CHECK(value_of("H200.bandwidth_factor") == 1);
  CHECK(value_of("B200.matrix_factor") == 1);
}

TEST_CASE("a format the GPU lacks runs weight-only at the 16-bit rate", "[serving]") {
  CHECK(value_of("peak(H100_SXM, FP4) -> TFLOPS") == Approx(989));
  CHECK(value_of("peak(A100_80GB, FP8) -> TFLOPS") == value_of("A100_80GB.fp16 -> TFLOPS"));
  CHECK(value_of("peak(B200, FP4) -> TFLOPS") == Approx(9000));
  // ... while the weights still take the format's bytes.
  CHECK(value_of("weight_bytes(Llama3_70B, FP4) -> GB") == Approx(70.55 * 4.5 / 8));
}
