// Rack-scale serving in stdlib/serving.tco and links.tco: the layouts (tp, dp, ep, pp), the
// links a collective crosses, speculative decoding, prefix caching, a disaggregated prefill
// pool, and the refusals, each against a hand computation.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "support.h"

using tco::test::row;
using tco::test::run_plan;

namespace {

const char* kRackImports = "import gpus\nimport models\nimport workloads\nimport pricing\nimport links\nimport serving\n";

nlohmann::json value(const std::string& expr) {
  auto r = run_plan(fmt::format("{}report \"r\" {{\n  v: {}\n}}\n", kRackImports, expr));
  REQUIRE(r.code == 0);
  return row(r.json(), "v");
}

double number(const std::string& expr) {
  auto v = value(expr);
  REQUIRE(v.is_number());
  return v.get<double>();
}

}  // namespace

TEST_CASE("speculation: accepted tokens per step are 1 + a + ... + a^k", "[rack]") {
  CHECK(number("tokens_per_step(Speculation {})") == 1);
  CHECK(number("tokens_per_step(MTP)") == Approx(1.85));
  CHECK(number("tokens_per_step(Speculation { tokens = 3, acceptance = 80% })") ==
        Approx((1 - std::pow(0.8, 4)) / 0.2));
  CHECK(number("tokens_per_step(Speculation { tokens = 3, acceptance = 100% })") == 4);
}

TEST_CASE("a collective inside the domain uses the link, beyond it the scale-out network", "[rack]") {
  CHECK(number("group_link(H100_SXM, 8) -> GB/s") == Approx(450));
  CHECK(number("group_link(H100_SXM, 16) -> GB/s") == Approx(50));
  CHECK(number("group_link(GB200, 72) -> GB/s") == Approx(900));
  // Ring all-reduce: 2 (n - 1) / n of the bytes over the link.
  CHECK(number("allreduce_transfer(H100_SXM, 8, 1 GB, 1) -> ms") == Approx(2.0 * 7 / 8 / 450 * 1000));
  // All-to-all within NVL72: 71/72 of the bytes leave the GPU, all over NVLink.
  CHECK(number("alltoall_transfer(GB200, 72, 1 GB, 1) -> ms") == Approx(71.0 / 72 / 900 * 1000));
  // EP16 over two 8-GPU boxes: 15/16 leave; 8 of the 15 other GPUs are in the other box.
  double away = 15.0 / 16;
  CHECK(number("alltoall_transfer(B200, 16, 1 GB, 1) -> ms") ==
        Approx(std::max(away * 7 / 15 / 900, away * 8 / 15 / 50) * 1000));
}

TEST_CASE("MLA keeps its whole KV cache on every tensor-parallel GPU", "[rack]") {
  CHECK(number("kv_copies(DeepSeek_R1, 8)") == 8);
  CHECK(number("kv_copies(Llama3_70B, 8)") == 1);
  CHECK(number("kv_copies(Qwen3_235B_A22B, 8)") == 2);  // 4 KV heads over 8 GPUs
  // So attention data parallelism (DEP8) holds far more DeepSeek sequences than TP8.
  double tp8 = number("serve(DeepSeek_R1, B200, FP4, Chat, gpus = 8).max_batch");
  double dep8 = number("serve(DeepSeek_R1, B200, FP4, Chat, gpus = 8, tp = 1, dp = 8, ep = 8).max_batch");
  CHECK(dep8 > 4 * tp8);
}

TEST_CASE("a replica spans max(tp * dp, ep) * pp GPUs", "[rack]") {
  CHECK(number("serve(DeepSeek_R1, GB200, FP4, Chat, gpus = 72, tp = 1, dp = 8, ep = 8).replicas") == 9);
  CHECK(number("serve(DeepSeek_R1, GB200, FP4, Chat, gpus = 72, tp = 1, dp = 4, ep = 36).replicas") == 2);
  CHECK(number("serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = 2, pp = 2).replicas") == 2);
  // Expert weights split over ep, the dense ones over tp: per GPU at DEP8 each GPU keeps all
  // the dense weights and 1/8 of the experts.
  double dense = number("resident_dense_params(DeepSeek_R1) * FP8.weight -> GB");
  double experts = number("DeepSeek_R1.experts * expert_params(DeepSeek_R1) * FP8.weight -> GB");
  CHECK(number("serve(DeepSeek_R1, B200, FP8, Chat, gpus = 8, tp = 1, dp = 8, ep = 8).weights_per_gpu -> GB") ==
        Approx(dense + experts / 8));
}

TEST_CASE("a layout that cannot run does not fit, and says why", "[rack]") {
  auto reason = [](const std::string& args) {
    auto v = value(fmt::format("serve(Llama3_70B, H200, FP8, Chat, {}).reason", args));
    REQUIRE(v.is_string());
    return v.get<std::string>();
  };
  CHECK(reason("gpus = 8") == "");
  CHECK(reason("gpus = 8, tp = 16") == "one replica, max(tp * dp, ep) * pp GPUs, needs more than the gpus given");
  CHECK(reason("gpus = 8, tp = 3") == "the attention heads do not divide over tp");
  CHECK(reason("gpus = 8, ep = 2") == "ep > 1 but the model has no routed experts");
  CHECK(reason("gpus = 8, tp = 0") == "tp, dp, ep and pp must each be at least 1");
  CHECK(number("if serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = 3).fits then 1 else 0") == 0);
  CHECK(value("serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = 3).cost_per_mtok").is_null());
}

TEST_CASE("speculative decoding divides the step by the accepted tokens", "[rack]") {
  // At batch 1 no other prompt lands among the steps: TPOT is the step per accepted token,
  // and the step carries the verify work of 1 + tokens positions plus the drafting.
  const char* s = "serve(DeepSeek_R1, B200, FP4, Chat, gpus = 8, batch = 1, spec = MTP)";
  CHECK(number(fmt::format("{}.tpot -> ms", s)) ==
        Approx(number(fmt::format("{0}.step / {0}.tokens_per_step -> ms", s))));
  CHECK(number(fmt::format("{}.tokens_per_step", s)) == Approx(1.85));
}

TEST_CASE("a prefix cache serves its share of the prompt", "[rack]") {
  // Half of a 1000-token prompt from cache: the other 500 tokens are computed, and they
  // still attend to the cached half, so the prefill is a little longer than a 500-token
  // prompt's and about half of the whole one's.
  double half = number("serve(Llama3_70B, H200, FP8, Chat with { prefix_hit = 50% }, gpus = 8).prefill -> ms");
  double short_prompt = number("serve(Llama3_70B, H200, FP8, Chat with { input = 500 tok/req }, gpus = 8).prefill -> ms");
  double whole = number("serve(Llama3_70B, H200, FP8, Chat, gpus = 8).prefill -> ms");
  CHECK(half > short_prompt);
  CHECK(half < 1.01 * short_prompt);
  CHECK(half < 0.6 * whole);
  // The cached tokens need no KV cache of their own per sequence: more sequences fit.
  CHECK(number("serve(Llama3_70B, H100_SXM, FP8, Chat with { prefix_hit = 50% }, gpus = 8).max_batch") >
        number("serve(Llama3_70B, H100_SXM, FP8, Chat, gpus = 8).max_batch"));
}

TEST_CASE("a disaggregated prefill pool is counted in GPUs, cost and tokens per GPU", "[rack]") {
  const char* s =
      "serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = 8, prefill = Pool { gpu = H100_SXM, gpus = 8, tp = 8 })";
  CHECK(number(fmt::format("{}.prefill_gpus", s)) == 8);
  CHECK(number(fmt::format("{}.decode_gpus", s)) == 8);
  CHECK(number(fmt::format("{}.cost_per_hour -> $/hr", s)) ==
        Approx(number("8 * H200.rent + 8 * H100_SXM.rent -> $/hr")));
  CHECK(number(fmt::format("{0}.tokens_per_s_per_gpu * 16 - {0}.tokens_per_s -> tok/s", s)) == Approx(0).margin(1e-6));
  // The first token pays at least the prompt on the pool and the KV cache's move over the
  // scale-out network.
  double kv_move = number("kv_bytes(Llama3_70B, FP8, 1000) / (50 GB/s * calibrated.link_efficiency) -> ms");
  CHECK(number(fmt::format("{0}.ttft - {0}.prefill -> ms", s)) > kv_move);
}

TEST_CASE("an expert-parallel MoE layer dispatches in the format and combines in 16 bits", "[rack]") {
  // DeepSeek-R1 DEP8 on B200 in NVFP4 at 64 sequences a GPU (512 in all): each of the 58 MoE
  // layers pays two all-to-all latencies, sends k = 8 copies of each of a GPU's 64 tokens at
  // 4.5 bits per activation, and gets them back at 16 bits; 7/8 of it leaves the GPU.
  double step_comm =
      number("serve(DeepSeek_R1, B200, FP4, Chat, gpus = 8, tp = 1, dp = 8, ep = 8, batch = 512).step_comm -> us");
  double by_hand = number(
      "58 * (2 * calibrated.alltoall_latency + 7 / 8 * 64 * 8 * DeepSeek_R1.hidden * (4.5 bit + 2 B) "
      "/ (B200.link * calibrated.link_efficiency)) -> us");
  CHECK(step_comm == Approx(by_hand));
}

TEST_CASE("experts split over tp * dp GPUs without expert parallelism all-reduce there", "[rack]") {
  // DeepSeek-R1 at tp 1, dp 8, ep 1: attention needs no all-reduce, and each of the 58 MoE
  // layers all-reduces all 64 tokens of the step over the 8 GPUs holding slices of every
  // expert; the 3 dense layers' MLPs run whole on each GPU.
  double step_comm = number("serve(DeepSeek_R1, B200, FP8, Chat, gpus = 8, tp = 1, dp = 8, batch = 64).step_comm -> us");
  double by_hand = number(
      "58 * (calibrated.allreduce_latency + 2 * 7 / 8 * 64 * DeepSeek_R1.hidden * 2 B "
      "/ (B200.link * calibrated.link_efficiency)) -> us");
  CHECK(step_comm == Approx(by_hand));
}

TEST_CASE("two overlapped half batches hide communication behind the other half's work", "[rack]") {
  // DeepSeek-R1 DEP72 on H100 at 256 sequences a GPU: the halves pay the 2 * 58 all-to-all
  // latencies twice, move the same bytes, and the step takes the longer of the work and the
  // communication; the exposed part is what `step_comm` reports.
  const char* plain = "serve(DeepSeek_R1, H100_SXM, FP8, Chat, gpus = 72, tp = 1, dp = 72, ep = 72, batch = 18432)";
  const char* both =
      "serve(DeepSeek_R1, H100_SXM, FP8, Chat, gpus = 72, tp = 1, dp = 72, ep = 72, batch = 18432, "
      "engine = calibrated with { overlap = true })";
  auto f = [](const char* s, const char* field) { return number(fmt::format("{}.{} -> ms", s, field)); };
  double work = std::max(f(both, "step_weights") + f(both, "step_kv"), f(both, "step_compute"));
  double comm = f(plain, "step_comm") + number("116 * calibrated.alltoall_latency -> ms");
  CHECK(f(both, "step") == Approx(std::max(work, comm) + f(plain, "step_fixed")));
  CHECK(f(both, "step_comm") == Approx(std::max(comm - work, 0.0)).margin(1e-9));
  CHECK(f(both, "step") < f(plain, "step"));
  // At batch 1 the weights, read by each half, dominate: overlap costs more than it hides.
  CHECK(number("serve(DeepSeek_R1, H100_SXM, FP8, Chat, gpus = 72, tp = 1, dp = 72, ep = 72, batch = 1, "
               "engine = calibrated with { overlap = true }).step -> ms") >
        number("serve(DeepSeek_R1, H100_SXM, FP8, Chat, gpus = 72, tp = 1, dp = 72, ep = 72, batch = 1).step -> ms"));
}

TEST_CASE("a prefill pool GPU holds its share of the weights and one prompt's KV cache", "[rack]") {
  // One H200 holds Llama 3 70B in FP8 with room for a prompt of 1000 tokens, not for one
  // of 400,000 (61.7 GB free, 65.5 GB of KV cache); two, tensor parallel, hold it.
  CHECK(number("H200.memory * calibrated.usable_memory - calibrated.reserved - weight_bytes(Llama3_70B, FP8) -> GB") <
        number("kv_bytes(Llama3_70B, FP8, 400000) -> GB"));
  auto pool = [](const std::string& input, const std::string& layout) {
    auto v = value(fmt::format("serve(Llama3_70B, H200, FP8, Chat with {{ input = {} tok/req }}, gpus = 8, "
                               "prefill = Pool {{ gpu = H200, {} }}).reason",
                               input, layout));
    REQUIRE(v.is_string());
    return v.get<std::string>();
  };
  CHECK(pool("1000", "gpus = 1, tp = 1") == "");
  CHECK(pool("400000", "gpus = 1, tp = 1") == "the prefill pool cannot hold the weights and a prompt's KV cache");
  CHECK(pool("400000", "gpus = 2, tp = 2") == "");
}

TEST_CASE("refusals known while compiling are warnings at the call, once", "[rack]") {
  using tco::test::codes_of;
  using V = std::vector<std::string>;
  auto plan = [](const std::string& body) { return std::string(kRackImports) + body; };
  // A let nobody reads is folded too; a refusal in it is worth saying.
  CHECK(codes_of(plan("let s = serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = 16)\n")) == V{"W0303"});
  CHECK(codes_of(plan("let s = serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = 8)\n")) == V{});
  // Read twice, warned once.
  CHECK(codes_of(plan("let s = serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = 3)\n"
                      "report \"r\" {\n  a: s.tpot\n  b: s.batch\n}\n")) == V{"W0303"});
  // A plan that asks `.fits` or `.reason` of the call itself hears no warning for it.
  CHECK(codes_of(plan("assert not serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = 3).fits\n")) == V{});
  // A sweep's axis is not known while compiling: the row's `reason` says it instead.
  CHECK(codes_of(plan("sweep \"s\" {\n  over t in [3, 4]\n"
                      "  show c: serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = t).cost_per_mtok -> $/Mtok\n}\n")) ==
        V{});
  // Any record with a Bool `fits` and a Text `reason` refuses the same way.
  CHECK(codes_of("type Quote { fits: Bool\n  reason: Text }\n"
                 "fn quote(n: Number) -> Quote = Quote { fits = n <= 4, reason = if n <= 4 then \"\" else \"n is over 4\" }\n"
                 "let q = quote(5)\n") == V{"W0303"});
}

TEST_CASE("a refusal marks the arguments its reason names", "[rack]") {
  auto r = run_plan(std::string(kRackImports) + "let s = serve(Llama3_70B, H200, FP8, Chat, gpus = 8, tp = 16)\n",
                    {"check"});
  // Primary caret at tp (named first in the reason), a secondary mark at gpus.
  CHECK(r.err.find("^^^^^^^") != std::string::npos);
  CHECK(r.err.find("--------") != std::string::npos);
  CHECK(r.err.find(":7:54") != std::string::npos);
}
