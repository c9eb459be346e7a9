// Turning raw kernel outputs (base-unit doubles, text ids) into presentable results.
// Engine-neutral: `values` are a kernel's outputs in order, whichever engine computed them.
#pragma once
#include "compiler/ir/ir.h"
#include "runtime/reduce.h"
#include "runtime/results.h"

namespace tco::runner {

rt::Cell make_cell(const ir::Output& o, double v, const ir::Program& prog);
void assemble_report(const ir::ReportItem& r, const ir::Program& prog, const double* values, rt::RunResult& out);
void assemble_assert(const ir::AssertItem& a, const ir::Program& prog, const double* values, rt::RunResult& out);
// A study's table without rows: title and columns.
rt::Table study_header(const ir::StudyItem& s);
// `rows`: the reducer's, raw. `kept`: the points that passed `where` (the reducer may have
// seen fewer: see sink.h).
void assemble_study(const ir::StudyItem& s, const ir::Program& prog, const std::vector<std::vector<double>>& rows,
                    uint64_t total, uint64_t kept, rt::RunResult& out);

}  // namespace tco::runner
