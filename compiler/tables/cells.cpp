#include "compiler/tables/cells.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace tco::tables {
namespace {

// Where the cell's text starts in the file: inside its quotes, if it has any. A quoted cell
// with doubled quotes has no such place; its factors are then placed on the whole cell.
uint32_t text_begin(const Cell& c, const SourceManager& sm, bool* exact) {
  std::string_view written = sm.slice(c.span);
  size_t at = c.text.empty() ? std::string_view::npos : written.find(c.text);
  *exact = at != std::string_view::npos;
  return c.span.begin + static_cast<uint32_t>(*exact ? at : 0);
}

bool unit_start(char ch) {
  return std::isalpha(static_cast<unsigned char>(ch)) || ch == '_' || ch == '$' || ch == '%' ||
         static_cast<unsigned char>(ch) >= 0x80;  // `µs`
}

bool unit_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || static_cast<unsigned char>(ch) >= 0x80;
}

// `GB/s`, `$/GPU hr`, `tok/s/user`, `m^2`, `s^-1`: as a literal's unit is read (a `/` puts
// every factor after it in the denominator until a `*`).
bool parse_unit(std::string_view s, uint32_t offset, FileId file, bool exact, Span whole, ast::Product& p,
                std::string* why) {
  int sign = 1;
  char pending = ' ';
  size_t i = 0;
  bool first = true;
  while (i < s.size()) {
    char ch = s[i];
    if (ch == ' ' || ch == '\t') {
      ++i;
      continue;
    }
    if (ch == '/' || ch == '*') {
      if (pending != ' ') {
        *why = "two operators in a row in the unit";
        return false;
      }
      pending = ch;
      ++i;
      continue;
    }
    if (!unit_start(ch)) {
      *why = std::string("unexpected `") + ch + "` in the unit";
      return false;
    }
    size_t start = i;
    if (ch == '$' || ch == '%') ++i;
    else
      while (i < s.size() && unit_char(s[i])) ++i;
    std::string name(s.substr(start, i - start));
    int power = 1;
    std::string power_text;
    if (i < s.size() && s[i] == '^') {
      size_t j = i + 1;
      bool minus = j < s.size() && s[j] == '-';
      if (minus) ++j;
      size_t digits = j;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      int v = 0;
      auto [ptr, ec] = std::from_chars(s.data() + digits, s.data() + j, v);
      if (digits == j || ec != std::errc() || ptr != s.data() + j || v == 0 || v > 64) {
        *why = "a unit power is a whole number from 1 to 64, as in `m^2` or `s^-1`";
        return false;
      }
      power = minus ? -v : v;
      power_text = std::string(s.substr(i, j - i));
      i = j;
    }
    if (pending == '/') sign = -1;
    if (pending == '*') sign = 1;
    if (first && pending == '/') p.text += "1/";
    else if (!first) p.text += pending == ' ' ? " " : std::string(1, pending);
    p.text += name + power_text;
    Span at = exact ? Span{file, offset + static_cast<uint32_t>(start), offset + static_cast<uint32_t>(i)} : whole;
    p.factors.push_back(ast::Factor{name, power * sign, at});
    p.span = first ? at : Span::cover(p.span, at);
    first = false;
    pending = ' ';
  }
  if (pending != ' ') {
    *why = "the unit ends with an operator";
    return false;
  }
  return true;
}

}  // namespace

std::optional<NumberCell> parse_number_cell(const Cell& c, const SourceManager& sm, std::string* why) {
  bool exact = false;
  const uint32_t base = text_begin(c, sm, &exact);
  std::string_view s = c.text;
  size_t i = 0;
  bool negative = false, dollar = false;
  if (i < s.size() && s[i] == '-') negative = true, ++i;
  if (i < s.size() && s[i] == '$') dollar = true, ++i;
  if (!negative && i < s.size() && s[i] == '-') negative = true, ++i;  // `$-5`
  // Digits, with `_` or `,` between groups (`1_000`, `1,000`), a fraction and an exponent.
  std::string digits;
  size_t start = i;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' ||
                          ((s[i] == '_' || s[i] == ',') && i > start))) {
    if (s[i] != '_' && s[i] != ',') digits += s[i];
    ++i;
  }
  if (digits.empty() || digits == ".") {
    *why = "expected a number";
    return std::nullopt;
  }
  if (i + 1 < s.size() && (s[i] == 'e' || s[i] == 'E') &&
      (std::isdigit(static_cast<unsigned char>(s[i + 1])) ||
       ((s[i + 1] == '-' || s[i + 1] == '+') && i + 2 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 2]))))) {
    digits += s[i++];
    if (s[i] == '-' || s[i] == '+') digits += s[i++];
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) digits += s[i++];
  }
  NumberCell out;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.value);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || !std::isfinite(out.value)) {
    *why = "expected a number";
    return std::nullopt;
  }
  if (negative) out.value = -out.value;
  // A count suffix touches the digits and is the whole word there (`5M`, not `5MB`).
  if (i < s.size() && std::string_view("kMGT").find(s[i]) != std::string_view::npos &&
      (i + 1 == s.size() || !unit_char(s[i + 1]))) {
    static const double scale[] = {1e3, 1e6, 1e9, 1e12};
    out.value *= scale[std::string_view("kMGT").find(s[i])];
    ++i;
  }
  if (dollar) {
    Span at = exact ? Span{c.span.file, base + (negative && s[0] == '-' ? 1u : 0u), base + (negative && s[0] == '-' ? 2u : 1u)}
                    : c.span;
    out.unit.factors.push_back(ast::Factor{"$", 1, at});
    out.unit.text = "$";
    out.unit.span = at;
    // `$2.49/hr`: the rest continues the product after `$`.
    ast::Product rest;
    if (!parse_unit(s.substr(i), base + static_cast<uint32_t>(i), c.span.file, exact, c.span, rest, why))
      return std::nullopt;
    for (auto& f : rest.factors) out.unit.factors.push_back(f);
    if (!rest.factors.empty()) {
      out.unit.text += rest.text.rfind("1/", 0) == 0 ? rest.text.substr(1) : " " + rest.text;
      out.unit.span = Span::cover(out.unit.span, rest.span);
    }
    return out;
  }
  if (!parse_unit(s.substr(i), base + static_cast<uint32_t>(i), c.span.file, exact, c.span, out.unit, why))
    return std::nullopt;
  return out;
}

std::optional<Header> parse_header(const Cell& c, const SourceManager& sm, std::string* why) {
  bool exact = false;
  const uint32_t base = text_begin(c, sm, &exact);
  std::string_view s = c.text;
  Header h;
  size_t open = s.find_first_of("([");
  std::string_view name = s.substr(0, open);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  h.name = std::string(name);
  if (open == std::string_view::npos) return h;
  const char close = s[open] == '(' ? ')' : ']';
  size_t end = s.find(close, open);
  if (end == std::string_view::npos || s.find_first_not_of(" \t", end + 1) != std::string_view::npos) {
    *why = std::string("a header's unit is written in brackets after its name: `rent ($/hr)`");
    return std::nullopt;
  }
  ast::Product unit;
  if (!parse_unit(s.substr(open + 1, end - open - 1), base + static_cast<uint32_t>(open + 1), c.span.file, exact, c.span,
                  unit, why))
    return std::nullopt;
  h.unit = std::move(unit);
  return h;
}

}  // namespace tco::tables
