// file:// URIs <-> paths, percent-encoding as RFC 3986 asks.
#include "compiler/lsp/uri.h"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>

namespace tco::lsp {

std::optional<std::string> path_from_uri(const std::string& uri) {
  const std::string scheme = "file://";
  if (uri.rfind(scheme, 0) != 0) return std::nullopt;
  // `file://host/path`: only the local host (empty or `localhost`) names a local file.
  std::string rest = uri.substr(scheme.size());
  size_t slash = rest.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::string host = rest.substr(0, slash);
  if (!host.empty() && host != "localhost") return std::nullopt;
  rest = rest.substr(slash);
  if (auto q = rest.find_first_of("?#"); q != std::string::npos) rest.resize(q);
  std::string out;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] != '%') {
      out += rest[i];
      continue;
    }
    if (i + 2 >= rest.size() || !std::isxdigit(static_cast<unsigned char>(rest[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(rest[i + 2])))
      return std::nullopt;
    out += static_cast<char>(std::stoi(rest.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  // A NUL would cut the path short at the system call: not a file an editor can have open.
  if (out.find('\0') != std::string::npos) return std::nullopt;
  return out;
}

std::string uri_from_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(path, ec);
  if (ec) p = path;
  std::string s = p.lexically_normal().string();
  std::string out = "file://";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace tco::lsp
