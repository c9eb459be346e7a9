// Compiled by ctest, not linked: a report whose arguments do not fit its kind's message format
// must not build (diagnostics/format-mismatch-does-not-build), while the same report with
// fitting arguments does (diagnostics/format-match-builds), so the failure is the check's.
#include "compiler/diagnostics/diagnostics.h"

void report(tco::Diagnostics& d) {
#ifdef TCOC_FITTING_ARGUMENTS
  d.report<tco::DiagKind::FileUnreadable>(tco::Span{}, "plan.tco", "no such file");
#else
  d.report<tco::DiagKind::FileUnreadable>(tco::Span{}, "plan.tco");  // "cannot read `{}`: {}" needs two
#endif
}
