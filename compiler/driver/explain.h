// `tcoc explain FILE NAME`: the cost and the decode step of one serve() scenario, part by
// part (capital, power, cooling, other opex; weight and KV reads, compute, communication,
// fixed cost), with what bounds the step and what set the batch.
#pragma once
#include <string>

#include "compiler/runner/tiering.h"
#include "runtime/format.h"

namespace tco::driver {

int explain(const std::string& file, const std::string& name, rt::Format format, const runner::EngineOptions& engine, std::string& out,
            std::string& err, bool color);

}  // namespace tco::driver
