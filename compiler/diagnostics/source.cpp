#include "compiler/diagnostics/source.h"

#include <algorithm>

namespace tco {

namespace {
// A UTF-8 byte order mark is invisible: not a column, not part of the first line shown.
constexpr const char* kByteOrderMark = "\xEF\xBB\xBF";
}  // namespace

Span Span::cover(const Span& a, const Span& b) {
  if (!a.valid()) return b;
  if (!b.valid() || a.file != b.file) return a;
  return Span{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

LineCol SourceFile::line_col(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts.begin());
  uint32_t start = line_starts[line - 1];
  if (line == 1 && text.compare(0, 3, kByteOrderMark) == 0) start = std::min<uint32_t>(3, offset);
  uint32_t col = 1;
  for (uint32_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  return {line, col};
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts.size()) return {};
  uint32_t start = line_starts[line - 1];
  if (line == 1 && text.compare(0, 3, kByteOrderMark) == 0) start = 3;
  uint32_t end = line < line_starts.size() ? line_starts[line] : static_cast<uint32_t>(text.size());
  std::string_view v(text.data() + start, end - start);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

SourceManager::SourceManager() {
  // File 0 stands for "no location".
  files_.push_back(std::make_unique<SourceFile>(SourceFile{"<none>", "", {0}, {}}));
}

FileId SourceManager::add(std::string path, std::string text) {
  auto f = std::make_unique<SourceFile>();
  f->path = std::move(path);
  f->text = std::move(text);
  f->line_starts.push_back(0);
  for (uint32_t i = 0; i < f->text.size(); ++i)
    if (f->text[i] == '\n') f->line_starts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<FileId>(files_.size() - 1);
}

std::string_view SourceManager::slice(const Span& s) const {
  const auto& t = file(s.file).text;
  if (s.begin > t.size() || s.end > t.size() || s.begin > s.end) return {};
  return std::string_view(t).substr(s.begin, s.end - s.begin);
}

}  // namespace tco
