#include "runtime/plot/slug.h"

#include <set>

namespace tco::rt::plot {

std::string slugify(std::string_view title) {
  std::string s;
  bool gap = false;
  for (char ch : title) {
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
