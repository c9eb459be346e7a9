// `--plot`: what a chart needs to know about a study, read off its IR (runtime/plot/shape.h).
#pragma once
#include "compiler/ir/ir.h"
#include "runtime/plot/shape.h"

namespace tco::runner {

// The shape of study `s`, without its cloud (run.cpp collects that while it runs the study).
rt::plot::StudyShape study_shape(const ir::StudyItem& s);

}  // namespace tco::runner
