// `tcoc diff OLD NEW`: what changed in every reported figure between two versions of a
// plan, for pull requests (table, markdown for a PR comment, json).
#pragma once
#include <string>

#include "compiler/runner/tiering.h"
#include "runtime/format.h"

namespace tco::driver {

// exit_code: return 1 when anything differs (`--exit-code`, as `git diff`), else 0.
int diff(const std::string& old_file, const std::string& new_file, rt::Format format, const runner::EngineOptions& engine, bool exit_code,
         std::string& out, std::string& err, bool color);

}  // namespace tco::driver
