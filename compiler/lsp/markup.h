// Hover and completion text is written in markdown; a client that asks for plain text
// (`contentFormat` / `documentationFormat` without markdown first, e.g. eglot without
// markdown-mode) gets it without the markup: no code fences, rules or backticks.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace tco::lsp {

// What the client said it prefers, at `initialize`.
struct MarkupFormats {
  bool plain_hover = false;
  bool plain_documentation = false;
  static MarkupFormats from_initialize(const nlohmann::json& params);
};

std::string plain_text(const std::string& markdown);

// A MarkupContent ({kind, value}) in markdown, or as plain text.
nlohmann::json markup(const std::string& markdown, bool plain);

}  // namespace tco::lsp
