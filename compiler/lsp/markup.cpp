#include "compiler/lsp/markup.h"

namespace tco::lsp {
namespace {

// True when the client's list of formats, most preferred first, does not start with
// markdown (LSP: "the order describes the preferred format of the client").
bool prefers_plain(const nlohmann::json& formats) {
  if (!formats.is_array() || formats.empty() || !formats[0].is_string()) return false;
  return formats[0].get<std::string>() != "markdown";
}

const nlohmann::json& at(const nlohmann::json& j, const char* key) {
  static const nlohmann::json null;
  return j.is_object() && j.contains(key) ? j[key] : null;
}

}  // namespace

MarkupFormats MarkupFormats::from_initialize(const nlohmann::json& params) {
  const auto& doc = at(at(params, "capabilities"), "textDocument");
  MarkupFormats f;
  f.plain_hover = prefers_plain(at(at(doc, "hover"), "contentFormat"));
  f.plain_documentation = prefers_plain(at(at(at(doc, "completion"), "completionItem"), "documentationFormat"));
  return f;
}

std::string plain_text(const std::string& markdown) {
  std::string out;
  size_t blank_run = 0;
  for (size_t at = 0; at <= markdown.size();) {
    size_t end = markdown.find('\n', at);
    if (end == std::string::npos) end = markdown.size();
    std::string line = markdown.substr(at, end - at);
    at = end + 1;
    // Fences and horizontal rules go; what they framed stays.
    if (line.rfind("```", 0) == 0 || line == "---") continue;
    std::string plain;
    for (char c : line)
      if (c != '`') plain += c;
    blank_run = plain.empty() ? blank_run + 1 : 0;
    if (blank_run > 1) continue;
    out += plain + "\n";
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

nlohmann::json markup(const std::string& markdown, bool plain) {
  return plain ? nlohmann::json{{"kind", "plaintext"}, {"value", plain_text(markdown)}}
               : nlohmann::json{{"kind", "markdown"}, {"value", markdown}};
}

}  // namespace tco::lsp
