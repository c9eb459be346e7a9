// Source files and spans: every stage points into the text the analyst wrote.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tco {

using FileId = uint32_t;

// Byte range [begin, end) in one file. A default Span points nowhere (file 0 is a
// placeholder so that spans of synthesized nodes never crash the renderer).
struct Span {
  FileId file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool valid() const { return file != 0; }
  static Span cover(const Span& a, const Span& b);
};

struct LineCol {
  uint32_t line = 0;  // 1-based
  uint32_t col = 0;   // 1-based, counted in characters (UTF-8 code points)
};

// One token of a parsed file, as the canonical layout (`tcoc fmt`) joins it to the one
// before. Filled by syntax::parse; span_text() joins tokens the same way, so that text
// shown from a plan (a `show` column's name, an assert's condition) is the same before
// and after the plan is formatted.
struct SourceToken {
  uint32_t begin = 0, end = 0;  // bytes
  bool space_before = false;    // one space between it and the previous token on a line
  bool infix = false;           // an infix operator or keyword (`+`, `->`, `then`, `..`):
                                // a line that starts or ends with one continues a statement
};

struct SourceFile {
  std::string path;     // as the user or the import resolver named it
  std::string text;
  std::vector<uint32_t> line_starts;
  std::vector<SourceToken> tokens;  // empty until the file parses
  LineCol line_col(uint32_t offset) const;
  std::string_view line_text(uint32_t line) const;  // without the newline
};

class SourceManager {
 public:
  SourceManager();
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  void set_tokens(FileId id, std::vector<SourceToken> tokens) { files_.at(id)->tokens = std::move(tokens); }
  std::string_view slice(const Span& s) const;
  size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace tco
