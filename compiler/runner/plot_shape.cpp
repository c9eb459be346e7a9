#include "compiler/runner/plot_shape.h"

#include "compiler/ir/analysis.h"

namespace tco::runner {

rt::plot::StudyShape study_shape(const ir::StudyItem& s) {
  rt::plot::StudyShape shape;
  shape.simulation = s.simulation;
  shape.reduction = s.reduce.kind;
  shape.aggs = s.reduce.aggs;
  shape.maximize = s.reduce.maximize;
  shape.objectives = s.objective_columns;
  const ir::Kernel& k = s.kernel;
  if (!s.simulation) {
    for (const ir::Axis& a : k.axes) {
      rt::plot::AxisShape as{a.name, a.size, rt::plot::AxisScale::List, a.column};
      if (a.kind == ir::AxisKind::Step) as.scale = rt::plot::AxisScale::Step;
      if (a.kind == ir::AxisKind::Geometric) as.scale = rt::plot::AxisScale::Geometric;
      shape.axes.push_back(std::move(as));
    }
  }
  const std::vector<uint64_t> deps = ir::axis_dependencies(k);
  for (ir::ValueId v : k.outputs) shape.depends.push_back(deps[v]);
  for (ir::ValueId v : k.keys) shape.key_axes |= deps[v];
  return shape;
}

}  // namespace tco::runner
