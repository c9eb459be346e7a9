// UTF-8 byte offsets <-> LSP positions counted in UTF-16 code units.
#include "compiler/lsp/position.h"

#include <algorithm>

namespace tco::lsp {
namespace {

// Bytes in the UTF-8 sequence that `lead` starts and the UTF-16 units it takes. A byte that
// starts no valid sequence counts as one unit, so invalid text still maps somewhere.
struct Step {
  uint32_t bytes;
  uint32_t units;
};
Step step_at(std::string_view text, uint32_t i) {
  auto lead = static_cast<unsigned char>(text[i]);
  uint32_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  if (i + n > text.size()) return {1, 1};
  for (uint32_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return {1, 1};
  return {n, n == 4 ? 2u : 1u};
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

Position LineIndex::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  auto line = static_cast<uint32_t>(it - starts_.begin() - 1);
  uint32_t units = 0;
  for (uint32_t i = starts_[line]; i < offset;) {
    Step s = step_at(text_, i);
    i += s.bytes;
    units += s.units;
  }
  return {line, units};
}

std::optional<uint32_t> LineIndex::offset(Position p) const {
  if (p.line >= starts_.size()) return std::nullopt;
  uint32_t i = starts_[p.line];
  uint32_t end = p.line + 1 < starts_.size() ? starts_[p.line + 1] - 1 : static_cast<uint32_t>(text_.size());
  if (end > i && text_[end - 1] == '\r') --end;
  uint32_t units = 0;
  while (i < end) {
    Step s = step_at(text_, i);
    if (units + s.units > p.character) break;
    i += s.bytes;
    units += s.units;
  }
  return std::min(i, end);
}

nlohmann::json to_json(Position p) { return {{"line", p.line}, {"character", p.character}}; }

nlohmann::json range_json(Position begin, Position end) { return {{"start", to_json(begin)}, {"end", to_json(end)}}; }

std::optional<Position> position_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  auto line = j.find("line");
  auto ch = j.find("character");
  if (line == j.end() || ch == j.end() || !line->is_number_integer() || !ch->is_number_integer()) return std::nullopt;
  if (line->get<int64_t>() < 0 || ch->get<int64_t>() < 0 || line->get<int64_t>() > UINT32_MAX ||
      ch->get<int64_t>() > UINT32_MAX)
    return std::nullopt;
  return Position{static_cast<uint32_t>(line->get<int64_t>()), static_cast<uint32_t>(ch->get<int64_t>())};
}

}  // namespace tco::lsp
