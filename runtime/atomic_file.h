// Whole-file writes that never leave a half-written file: the text goes to a temporary
// beside the target and is renamed over it only once fully written (`tcoc fmt`, charts);
// and the wording of the operating system's errors that every output shares.
#pragma once
#include <string>

namespace tco::rt {

// An operating system error in tcoc's style, lower case: "no such file or directory".
std::string os_error(int err);

// Writes `text` to `path` atomically, keeping an existing file's permission bits. On
// failure returns false with `why` in tcoc's style ("permission denied") and leaves
// `path` as it was.
bool write_file_atomically(const std::string& path, const std::string& text, std::string* why);

}  // namespace tco::rt
