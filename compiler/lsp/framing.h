// JSON-RPC base protocol framing: `Content-Length: N\r\n` (other headers ignored), a blank
// line, then N bytes of JSON. The decoder is fed bytes as they arrive and hands out whole
// message bodies; a malformed header block is dropped and reported, never fatal.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tco::lsp {

// Bodies above this are refused (their bytes skipped): no editor sends a 64 MiB message,
// and a stray length must not make the server allocate it.
constexpr size_t kMaxMessageBytes = size_t(64) << 20;

struct Frame {
  std::string body;   // the JSON text, when `error` is empty
  std::string error;  // why a message was dropped: "missing Content-Length", ...
};

class FrameDecoder {
 public:
  void feed(std::string_view bytes) { buf_.append(bytes); }
  // The next whole message (or a dropped one's error), nothing until more bytes arrive.
  std::optional<Frame> next();
  // Bytes of a partial message are waiting.
  bool has_partial() const { return !buf_.empty() || skip_ > 0; }

 private:
  std::string buf_;
  size_t skip_ = 0;  // body bytes of a refused message still to discard
};

std::string encode_frame(std::string_view body);

// `s` without leading blanks and tabs and trailing blanks, tabs and carriage returns (header
// lines, comment lines).
std::string_view trim(std::string_view s);

}  // namespace tco::lsp
