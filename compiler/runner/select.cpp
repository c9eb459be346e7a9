#include "compiler/runner/select.h"

namespace tco::runner {

Selection select_titles(const ir::Program& prog, const std::vector<std::string>& titles,
                        std::vector<std::string>* unknown) {
  Selection s;
  auto& reports = s.chosen[static_cast<size_t>(ir::ItemKind::Report)];
  auto& studies = s.chosen[static_cast<size_t>(ir::ItemKind::Study)];
  reports.assign(prog.reports.size(), false);
  studies.assign(prog.studies.size(), false);
  s.chosen[static_cast<size_t>(ir::ItemKind::Assert)].assign(prog.asserts.size(), false);

  std::vector<size_t> work;  // studies whose reads are still to follow
  auto reads = [&](const ir::Kernel& k) {
    for (const auto& r : k.reads)
      if (r.study < studies.size() && !studies[r.study]) {
        studies[r.study] = true;
        work.push_back(r.study);
      }
  };
  for (const auto& title : titles) {
    bool found = false;
    for (size_t i = 0; i < prog.reports.size(); ++i)
      if (prog.reports[i].title == title) {
        found = true;
        reports[i] = true;
        reads(prog.reports[i].kernel);
      }
    for (size_t i = 0; i < prog.studies.size(); ++i)
      if (prog.studies[i].title == title) {
        found = true;
        if (!studies[i]) work.push_back(i);
        studies[i] = true;
      }
    if (!found) unknown->push_back(title);
  }
  while (!work.empty()) {
    const ir::StudyItem& st = prog.studies[work.back()];
    work.pop_back();
    reads(st.kernel);
    if (st.post) reads(*st.post);
  }
  return s;
}

}  // namespace tco::runner
