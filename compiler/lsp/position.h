// LSP positions: 0-based lines and UTF-16 code-unit columns, to and from the byte offsets
// that compiler spans use. Lines end at '\n' (a "\r\n" pair's '\r' is part of the line
// break), as the diagnostics renderer counts them.
#pragma once
#include <cctype>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tco::lsp {

// A character of a name (letters, digits, `_`), for reading a half-typed line.
inline bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Position {
  uint32_t line = 0;
  uint32_t character = 0;  // UTF-16 code units from the line's start
  friend bool operator==(const Position&, const Position&) = default;
};

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // Offsets past the end are clamped to it.
  Position position(uint32_t offset) const;
  // The byte offset of `p`; a column past the line's end is clamped to it, one inside a
  // character (the middle of a surrogate pair) moves to its start. Nothing for a line past
  // the last one.
  std::optional<uint32_t> offset(Position p) const;
  size_t line_count() const { return starts_.size(); }

 private:
  std::string_view text_;
  std::vector<uint32_t> starts_;
};

nlohmann::json to_json(Position p);
nlohmann::json range_json(Position begin, Position end);
// Reads `{line, character}`; nothing when either is missing or not a non-negative integer.
std::optional<Position> position_from_json(const nlohmann::json& j);

}  // namespace tco::lsp
