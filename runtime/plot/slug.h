// Chart file names from item titles: "Cheapest GPU per batch size" -> "cheapest-gpu-per-batch-size".
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tco::rt::plot {

// Lowercase ASCII letters and digits (accented Latin letters lose their accent: é -> e);
// every run of anything else (spaces, punctuation, other scripts) becomes one '-', none at
// either end. At most kMaxSlug characters, cut at a
// '-' where there is one. "chart" when nothing is left.
inline constexpr size_t kMaxSlug = 64;
std::string slugify(std::string_view title);

// One slug per title, in order; a slug already taken gets "-2", "-3", ... so every file name
// is distinct.
std::vector<std::string> unique_slugs(const std::vector<std::string>& titles);

}  // namespace tco::rt::plot
