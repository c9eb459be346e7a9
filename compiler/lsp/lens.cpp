// `textDocument/codeLens`: "▶ Run" above each report, sweep and simulation, whose command
// the client runs (the VS Code extension: `tcoc run --only TITLE FILE` in a terminal). Only
// for a client that named such a command at initialize (`initializationOptions.
// runStudyCommand`): any other would show a lens that does nothing when clicked.
#include <algorithm>

#include "compiler/lsp/features.h"
#include "compiler/lsp/position.h"
#include "compiler/syntax/parse.h"

namespace tco::lsp {

nlohmann::json code_lenses(const Analysis& a, const std::string& command) {
  nlohmann::json out = nlohmann::json::array();
  if (command.empty() || a.file == 0 || !a.parsed) return out;
  const SourceFile& f = a.sources.file(a.file);
  LineIndex idx(f.text);
  // The lens sits on the item's first line.
  auto lens = [&](Span at, const std::string& what, const std::string& title) {
    if (at.file != a.file) return;
    const Position start = idx.position(at.begin);
    out.push_back({{"range", range_json(start, start)},
                   {"command",
                    {{"title", "▶ Run " + what},
                     {"command", command},
                     {"arguments", {f.path, title}},
                     {"tooltip", "tcoc run --only \"" + title + "\" (the file as saved)"}}}});
  };
  const ast::Module& m = a.program.main_module();
  for (const auto& r : m.reports) lens(r.span, "report", r.title);
  for (const auto& s : m.studies) lens(s.span, s.is_simulation ? "simulation" : "sweep", s.title);
  std::stable_sort(out.begin(), out.end(), [](const nlohmann::json& x, const nlohmann::json& y) {
    return x["range"]["start"]["line"].get<uint32_t>() < y["range"]["start"]["line"].get<uint32_t>();
  });
  return out;
}

}  // namespace tco::lsp
