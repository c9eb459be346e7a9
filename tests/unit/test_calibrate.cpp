// compiler/calibrate: the measurement file `tcoc calibrate` reads, checked cell by cell.
#include <catch2/catch.hpp>

#include "compiler/calibrate/measurements.h"

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
  CHECK(!b.engine);
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
  CHECK(tco::calibrate::describe(r.m.problems[2]) == "no `precision` column");

  Read empty(kHeader);
  REQUIRE(empty.m.problems.size() == 1);
  CHECK(empty.m.problems[0].kind == Problem::NoRows);
}
