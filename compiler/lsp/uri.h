// file:// URIs, as editors name documents, to and from filesystem paths.
#pragma once
#include <optional>
#include <string>

namespace tco::lsp {

// The path of a `file:` URI, percent-decoded (`file:///a%20b/x.tco` -> `/a b/x.tco`);
// nothing for other schemes (`untitled:`) or a malformed escape.
std::optional<std::string> path_from_uri(const std::string& uri);

// `file://` + the absolute, lexically normal path, with every byte outside RFC 3986's
// unreserved set and `/` percent-encoded.
std::string uri_from_path(const std::string& path);

}  // namespace tco::lsp
