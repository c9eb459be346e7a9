// Output files that appear whole or not at all (`--out`, `--plot`, `tcoc fmt`): the bytes
// go to a temporary beside the target, renamed over it only once fully written and synced.
// A temporary never outlives tcoc: it is removed on failure, by its destructor, and by a
// handler when tcoc is interrupted (SIGINT, SIGTERM, SIGHUP) in the middle of a write.
// Also the wording of the operating system's errors that every output shares.
#pragma once
#include <sys/types.h>

#include <string>
#include <string_view>

namespace tco::rt {

// An operating system error in tcoc's style, lower case: "no such file or directory".
std::string os_error(int err);

class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();  // removes the temporary unless committed

  // Creates the temporary beside `path` (mkstemp: a unique name, never an existing file).
  // False with `why` ("it is a directory", "permission denied") when it cannot.
  bool create(const std::string& path, std::string* why);
  // Appends bytes; after a failed write, later writes do nothing and commit reports it.
  void write(std::string_view bytes);
  // Gives the temporary the target's permission bits (a new file: 0666 less the umask),
  // syncs it and renames it over the target. On failure the target is as it was.
  bool commit(std::string* why);

 private:
  void discard();
  std::string path_, temp_;
  int fd_ = -1;
  int error_ = 0;  // the first failed write's errno
  int slot_ = -1;  // in the interrupt handler's list, or -1
};

// Writes `text` to `path` whole or not at all (a TempFile). On failure returns false with
// `why` in tcoc's style and leaves `path` as it was.
bool write_file_atomically(const std::string& path, const std::string& text, std::string* why);

}  // namespace tco::rt
