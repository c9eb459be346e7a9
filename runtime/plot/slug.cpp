#include "runtime/plot/slug.h"

#include <set>
#include <string>

namespace tco::rt::plot {

namespace {

// Latin-1 letters (U+00C0 to U+00FF) as ASCII: "Négative" -> "negative". '-' marks the two
// that are not letters (x and /), which become separators.
constexpr std::string_view kLatin1 =
    "AAAAAAACEEEEIIIIDNOOOOO-OUUUUYTsaaaaaaaceeeeiiiidnooooo-ouuuuyty";

// The title with Latin-1 letters transliterated; other non-ASCII code points become spaces.
std::string ascii(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += s[i++];
      continue;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len == 2 && i + 1 < s.size()) {
      const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      if (cp >= 0xC0 && cp <= 0xFF) {
        const char t = kLatin1[cp - 0xC0];
        out += t == '-' ? ' ' : t;
        if (cp == 0xDF) out += 's';  // ß -> ss
        i += 2;
        continue;
      }
    }
    out += ' ';
    i += len;
  }
  return out;
}

}  // namespace

std::string slugify(std::string_view title) {
  std::string s;
  bool gap = false;
  for (char ch : ascii(title)) {
    const unsigned char c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      gap = !s.empty();
      continue;
    }
    if (gap) s += '-';
    gap = false;
    s += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (s.size() > kMaxSlug) {
    const size_t cut = s.rfind('-', kMaxSlug);
    s.resize(cut != std::string::npos && cut > 0 ? cut : kMaxSlug);
  }
  return s.empty() ? "chart" : s;
}

std::vector<std::string> unique_slugs(const std::vector<std::string>& titles) {
  std::vector<std::string> out;
  std::set<std::string> taken;
  for (const auto& t : titles) {
    const std::string base = slugify(t);
    std::string s = base;
    for (int n = 2; taken.count(s); ++n) s = base + "-" + std::to_string(n);
    taken.insert(s);
    out.push_back(s);
  }
  return out;
}

}  // namespace tco::rt::plot
