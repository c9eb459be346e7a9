// Renders diagnostics the way rustc and Numbat do: header with a stable code, location,
// the source line, carets under the primary span and dashes under secondary ones.
#include <algorithm>
#include <map>
#include <set>

#include "compiler/diagnostics/diagnostics.h"

namespace tco {
namespace {

struct Style {
  bool on;
  std::string err() const { return on ? "\x1b[1;31m" : ""; }
  std::string warn() const { return on ? "\x1b[1;33m" : ""; }
  std::string blue() const { return on ? "\x1b[1;34m" : ""; }
  std::string bold() const { return on ? "\x1b[1m" : ""; }
  std::string reset() const { return on ? "\x1b[0m" : ""; }
};

// Column width of a prefix of a line, in code points, tabs as one column.
uint32_t width(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Replace control characters so a binary file cannot garble the terminal.
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) out += (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (c == '\t' ? ' ' : char(c));
  return out;
}

// A message quotes names and source text; a 30,000-character name would make it one
// screen-filling line, so the middle of a long message gives way to "...".
std::string shortened(const std::string& m) {
  constexpr size_t kHead = 120, kTail = 60;
  if (m.size() <= kHead + kTail + 20) return m;
  size_t head = kHead, tail = m.size() - kTail;
  while (head > 0 && (static_cast<unsigned char>(m[head]) & 0xC0) == 0x80) --head;
  while (tail < m.size() && (static_cast<unsigned char>(m[tail]) & 0xC0) == 0x80) ++tail;
  return m.substr(0, head) + fmt::format("...({} characters)...", tail - head) + m.substr(tail);
}

void render_one(const Diagnostic& d, const SourceManager& sm, const Style& st, std::string& out) {
  const auto& ki = info(d.kind);
  bool err = ki.severity == Severity::Error;
  out += fmt::format("{}{}[{}]{}{}: {}{}\n", err ? st.err() : st.warn(), err ? "error" : "warning", ki.code,
                     st.reset(), st.bold(), shortened(d.message), st.reset());
  Span primary = d.span();
  if (!primary.valid()) {
    for (const auto& n : d.notes) out += fmt::format("  = note: {}\n", n);
    if (!d.hint.empty()) out += fmt::format("  = hint: {}\n", d.hint);
    return;
  }
  const SourceFile& f = sm.file(primary.file);
  LineCol lc = f.line_col(primary.begin);
  // Group labels of the primary file by line; labels elsewhere get their own header.
  std::map<uint32_t, std::vector<const Label*>> by_line;
  uint32_t max_line = lc.line;
  for (const auto& l : d.labels) {
    if (!l.span.valid() || l.span.file != primary.file) continue;
    uint32_t line = f.line_col(l.span.begin).line;
    by_line[line].push_back(&l);
    max_line = std::max(max_line, line);
  }
  std::string gutter(std::to_string(max_line).size(), ' ');
  out += fmt::format("{}{}-->{} {}:{}:{}\n", gutter, st.blue(), st.reset(), f.path, lc.line, lc.col);
  out += fmt::format("{}{} |{}\n", gutter, st.blue(), st.reset());
  uint32_t prev = 0;
  for (auto& [line, labels] : by_line) {
    if (prev && line > prev + 1) out += fmt::format("{}{}...{}\n", gutter.substr(1), st.blue(), st.reset());
    prev = line;
    std::string_view text = f.line_text(line);
    uint32_t line_start = static_cast<uint32_t>(text.data() - f.text.data());  // after a BOM on line 1
    // A very long line is shown as a window around the first label.
    constexpr uint32_t kWindow = 100;
    std::string prefix;
    if (text.size() > 2 * kWindow) {
      uint32_t first = labels[0]->span.begin - line_start;
      for (const Label* l : labels) first = std::min(first, l->span.begin - line_start);
      uint32_t from = first > kWindow / 2 ? first - kWindow / 2 : 0;
      while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
      uint32_t to = std::min<uint32_t>(static_cast<uint32_t>(text.size()), from + 2 * kWindow);
      while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
      prefix = from > 0 ? "..." : "";
      line_start += from;
      text = text.substr(from, to - from);
      out += fmt::format("{}{:>{}} |{} {}{}{}\n", st.blue(), line, gutter.size(), st.reset(), prefix, printable(text),
                         to < f.line_text(line).size() ? "..." : "");
    } else {
      out += fmt::format("{}{:>{}} |{} {}\n", st.blue(), line, gutter.size(), st.reset(), printable(text));
    }
    struct Mark { uint32_t col, len; bool primary; std::string text; };
    std::vector<Mark> marks;
    for (const Label* l : labels) {
      uint32_t b = l->span.begin >= line_start ? l->span.begin - line_start : 0;
      uint32_t e = std::min<uint32_t>(l->span.end - line_start, static_cast<uint32_t>(text.size()));
      if (l->span.end < l->span.begin || e < b) e = b;
      uint32_t col = static_cast<uint32_t>(prefix.size()) + width(text.substr(0, std::min<size_t>(b, text.size())));
      uint32_t len = std::max<uint32_t>(1, width(text.substr(std::min<size_t>(b, text.size()), e - std::min(b, e))));
      marks.push_back({col, len, l->primary, l->text});
    }
    std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.col < b.col; });
    std::string row;
    for (const auto& m : marks) {
      if (row.size() < m.col) row.append(m.col - row.size(), ' ');
      row.append(m.len, m.primary ? '^' : '-');
    }
    // The rightmost label's text goes on the marker row, the others below it.
    if (!marks.back().text.empty()) row += " " + marks.back().text;
    out += fmt::format("{} {}|{} {}{}{}\n", gutter, st.blue(), st.reset(), marks.back().primary ? st.err() : st.blue(),
                       row, st.reset());
    for (size_t i = marks.size() - 1; i-- > 0;) {
      if (marks[i].text.empty()) continue;
      out += fmt::format("{} {}|{} {}{}{}\n", gutter, st.blue(), st.reset(), std::string(marks[i].col, ' '),
                         marks[i].text, st.reset());
    }
  }
  for (const auto& l : d.labels) {
    if (!l.span.valid() || l.span.file == primary.file) continue;
    const SourceFile& g = sm.file(l.span.file);
    LineCol o = g.line_col(l.span.begin);
    out += fmt::format("{}{}:::{} {}:{}:{}{}\n", gutter, st.blue(), st.reset(), g.path, o.line, o.col,
                       l.text.empty() ? "" : ": " + l.text);
  }
  for (const auto& n : d.notes) out += fmt::format("{}{} ={} note: {}\n", gutter, st.blue(), st.reset(), n);
  if (!d.hint.empty()) out += fmt::format("{}{} ={} hint: {}\n", gutter, st.blue(), st.reset(), d.hint);
}

}  // namespace

std::string Diagnostics::render(bool color) const {
  Style st{color};
  std::vector<const Diagnostic*> sorted;
  for (const auto& d : list_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    Span x = a->span(), y = b->span();
    if (x.file != y.file) return x.file < y.file;
    return x.begin < y.begin;
  });
  // The same message at the same place is one diagnostic, however many paths led to it.
  std::set<std::tuple<uint32_t, uint32_t, std::string>> seen;
  std::string out;
  size_t shown = 0, errors = 0, warnings = 0;
  constexpr size_t kMaxShown = 30;
  for (const Diagnostic* d : sorted) {
    if (!seen.insert({d->span().file, d->span().begin, d->message}).second) continue;
    bool err = info(d->kind).severity == Severity::Error;
    (err ? errors : warnings)++;
    if (shown++ >= kMaxShown) continue;
    if (!out.empty()) out += "\n";
    render_one(*d, sm_, st, out);
  }
  if (shown > kMaxShown) out += fmt::format("\n... and {} more not shown\n", shown - kMaxShown);
  if (errors)
    out += fmt::format("\n{}error{}: {} error{}{} found\n", st.err(), st.reset(), errors, errors == 1 ? "" : "s",
                       warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
  return out;
}

}  // namespace tco
