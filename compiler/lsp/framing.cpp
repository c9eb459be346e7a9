// Content-Length framing, incremental and tolerant of malformed headers.
#include "compiler/lsp/framing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace tco::lsp {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::optional<Frame> FrameDecoder::next() {
  if (skip_ > 0) {
    size_t n = std::min(skip_, buf_.size());
    buf_.erase(0, n);
    skip_ -= n;
    if (skip_ > 0) return std::nullopt;
  }
  // Blank lines between messages are noise some clients send; `\n\n` ends a header block
  // written with bare newlines.
  size_t lead = 0;
  while (lead < buf_.size() && (buf_[lead] == '\r' || buf_[lead] == '\n')) ++lead;
  buf_.erase(0, lead);
  size_t end = buf_.find("\r\n\r\n");
  size_t sep = 4;
  if (size_t bare = buf_.find("\n\n"); bare != std::string::npos && (end == std::string::npos || bare < end)) {
    end = bare;
    sep = 2;
  }
  if (end == std::string::npos) {
    // A header block this long is not one: drop it rather than buffer without bound.
    if (buf_.size() > 64 * 1024) {
      buf_.clear();
      return Frame{{}, "a header block longer than 64 KiB"};
    }
    return std::nullopt;
  }
  std::string_view headers(buf_.data(), end);
  std::optional<size_t> length;
  std::string error;
  while (!headers.empty()) {
    size_t nl = headers.find('\n');
    std::string_view line = trim(headers.substr(0, nl));
    headers.remove_prefix(nl == std::string_view::npos ? headers.size() : nl + 1);
    if (line.empty()) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      error = fmt::format("a header line without `:`: `{}`", line.substr(0, 80));
      continue;
    }
    if (lower(trim(line.substr(0, colon))) != "content-length") continue;
    std::string_view v = trim(line.substr(colon + 1));
    if (v.empty() || v.size() > 18 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      error = fmt::format("a Content-Length that is not a number: `{}`", v.substr(0, 40));
      continue;
    }
    length = std::stoull(std::string(v));
  }
  if (!length) {
    buf_.erase(0, end + sep);
    return Frame{{}, error.empty() ? "a message without Content-Length" : error};
  }
  if (*length > kMaxMessageBytes) {
    buf_.erase(0, end + sep);
    skip_ = *length;
    Frame refused{{}, fmt::format("a {}-byte message, larger than the {} MiB accepted", *length, kMaxMessageBytes >> 20)};
    size_t n = std::min(skip_, buf_.size());
    buf_.erase(0, n);
    skip_ -= n;
    return refused;
  }
  if (buf_.size() < end + sep + *length) return std::nullopt;
  Frame f{buf_.substr(end + sep, *length), {}};
  buf_.erase(0, end + sep + *length);
  return f;
}

std::string encode_frame(std::string_view body) {
  return fmt::format("Content-Length: {}\r\n\r\n{}", body.size(), body);
}

}  // namespace tco::lsp
