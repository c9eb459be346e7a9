#include "compiler/diagnostics/diagnostics.h"

namespace tco {

static const std::vector<DiagKindInfo> kKinds = {
#define DIAG(name, code, sev, exit, msg) {#name, code, Severity::sev, ExitClass::exit, msg},
#include "compiler/diagnostics/kinds.def"
#undef DIAG
};

const DiagKindInfo& info(DiagKind k) { return kKinds[static_cast<size_t>(k)]; }
const std::vector<DiagKindInfo>& all_diag_kinds() { return kKinds; }

DiagBuilder Diagnostics::add(DiagKind k, Span at, std::string message) {
  Diagnostic d{k, std::move(message), {}, {}, {}, {}};
  d.labels.push_back(Label{at, "", true});
  list_.push_back(std::move(d));
  return DiagBuilder(this, list_.size() - 1);
}

Diagnostic& DiagBuilder::get() { return d_->list_[i_]; }

DiagBuilder& DiagBuilder::label(Span s, std::string text) {
  get().labels.push_back(Label{s, std::move(text), false});
  return *this;
}
DiagBuilder& DiagBuilder::primary_label(std::string text) {
  get().labels[0].text = std::move(text);
  return *this;
}
DiagBuilder& DiagBuilder::note(std::string text) {
  get().notes.push_back(std::move(text));
  return *this;
}
DiagBuilder& DiagBuilder::hint(std::string text) {
  get().hint = std::move(text);
  return *this;
}

DiagBuilder& DiagBuilder::fix(Span at, std::string replacement, std::string title) {
  get().fixes.push_back(Fix{at, std::move(replacement), std::move(title)});
  return *this;
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

size_t Diagnostics::error_count() const {
  size_t n = 0;
  for (const auto& d : list_)
    if (info(d.kind).severity == Severity::Error) ++n;
  return n;
}

}  // namespace tco
