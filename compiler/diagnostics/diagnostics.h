// One engine for every error and warning: stages report structured diagnostics here,
// the driver renders them (rustc style) once, sorted by position.
#pragma once
#include <fmt/format.h>

#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"

namespace tco {

enum class Severity { Error, Warning };

enum class DiagKind {
#define DIAG(name, code, sev, msg) name,
#include "compiler/diagnostics/kinds.def"
#undef DIAG
};

struct DiagKindInfo {
  const char* name;
  const char* code;
  Severity severity;
  const char* format;
};
const DiagKindInfo& info(DiagKind k);
const std::vector<DiagKindInfo>& all_diag_kinds();

struct Label {
  Span span;
  std::string text;
  bool primary = false;
};

struct Diagnostic {
  DiagKind kind;
  std::string message;
  std::vector<Label> labels;  // labels[0] is the primary span
  std::vector<std::string> notes;
  std::string hint;
  Span span() const { return labels.empty() ? Span{} : labels[0].span; }
};

class Diagnostics;

// Returned by Diagnostics::report so callers can attach labels, notes and a hint.
class DiagBuilder {
 public:
  DiagBuilder(Diagnostics* d, size_t index) : d_(d), i_(index) {}
  DiagBuilder& label(Span s, std::string text);
  DiagBuilder& primary_label(std::string text);
  DiagBuilder& note(std::string text);
  DiagBuilder& hint(std::string text);

 private:
  Diagnostic& get();
  Diagnostics* d_;
  size_t i_;
};

class Diagnostics {
 public:
  explicit Diagnostics(const SourceManager& sm) : sm_(sm) {}

  template <class... Args>
  DiagBuilder report(DiagKind k, Span at, Args&&... args) {
    Diagnostic d{k, fmt::format(fmt::runtime(info(k).format), std::forward<Args>(args)...), {}, {}, {}};
    d.labels.push_back(Label{at, "", true});
    list_.push_back(std::move(d));
    return DiagBuilder(this, list_.size() - 1);
  }

  // Adds one diagnostic as it is (one moved from generated text to where the text came from).
  void add(Diagnostic d) { list_.push_back(std::move(d)); }

  // Adds `other`'s diagnostics after these.
  void append(const Diagnostics& other) { list_.insert(list_.end(), other.list_.begin(), other.list_.end()); }

  bool has_errors() const;
  size_t error_count() const;
  const std::vector<Diagnostic>& list() const { return list_; }
  const SourceManager& sources() const { return sm_; }

  // Renders every diagnostic, sorted by position, to one string.
  std::string render(bool color) const;

 private:
  friend class DiagBuilder;
  const SourceManager& sm_;
  std::vector<Diagnostic> list_;
};

}  // namespace tco
