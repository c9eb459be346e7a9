// One engine for every error and warning: stages report structured diagnostics here,
// the driver renders them (rustc style) once, sorted by position.
#pragma once
#include <fmt/format.h>

#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"

namespace tco {

enum class Severity { Error, Warning };

// What an error makes tcoc exit with (exit_codes.h): 2 for a plan with errors, 3 for an
// unreadable file or a failure while running; warnings do not change it.
enum class ExitClass { Plan, Runtime, None };

enum class DiagKind {
#define DIAG(name, code, sev, exit, msg) name,
#include "compiler/diagnostics/kinds.def"
#undef DIAG
};

struct DiagKindInfo {
  const char* name;
  const char* code;
  Severity severity;
  ExitClass exit;
  const char* format;
};

namespace detail {
// Each kind's message format, readable at compile time so that report<K> checks its arguments.
inline constexpr const char* kDiagFormats[] = {
#define DIAG(name, code, sev, exit, msg) msg,
#include "compiler/diagnostics/kinds.def"
#undef DIAG
};
}  // namespace detail
const DiagKindInfo& info(DiagKind k);
const std::vector<DiagKindInfo>& all_diag_kinds();

struct Label {
  Span span;
  std::string text;
  bool primary = false;
};

// An edit that does what a diagnostic's hint says (replace a misspelt name, add an import,
// multiply by a unit), for editors to offer as a quick fix. The renderer never prints it: the
// hint is the words, this the edit.
struct Fix {
  Span span;  // replaced; empty to insert at span.begin
  std::string replacement;
  std::string title;
};

struct Diagnostic {
  DiagKind kind;
  std::string message;
  std::vector<Label> labels;  // labels[0] is the primary span
  std::vector<std::string> notes;
  std::string hint;
  std::vector<Fix> fixes;
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
  DiagBuilder& fix(Span at, std::string replacement, std::string title);

 private:
  Diagnostic& get();
  Diagnostics* d_;
  size_t i_;
};

class Diagnostics {
 public:
  explicit Diagnostics(const SourceManager& sm) : sm_(sm) {}

  // Reports a diagnostic of kind K at `at`; the arguments fill K's message format, checked
  // against it when tcoc is compiled (too few, too many, or of the wrong type do not build).
  template <DiagKind K, class... Args>
  DiagBuilder report(Span at, Args&&... args) {
    return add(K, at, fmt::format(fmt::format_string<Args...>(detail::kDiagFormats[static_cast<size_t>(K)]),
                                  std::forward<Args>(args)...));
  }

  // The same for a kind chosen while running; its format is checked only then.
  template <class... Args>
  DiagBuilder report_kind(DiagKind k, Span at, Args&&... args) {
    return add(k, at, fmt::format(fmt::runtime(info(k).format), std::forward<Args>(args)...));
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
  DiagBuilder add(DiagKind k, Span at, std::string message);
  const SourceManager& sm_;
  std::vector<Diagnostic> list_;
};

}  // namespace tco
