#include "runtime/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace tco::rt {

std::string os_error(int err) {
  std::string s = std::strerror(err);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

namespace {

// The temporaries being written, for the interrupt handler. A signal handler may only
// call async-signal-safe functions (unlink, raise), so the paths sit in fixed buffers and
// a slot is published by an atomic flag after its path is written.
constexpr int kSlots = 16;
constexpr size_t kPathBytes = 4096;
char g_paths[kSlots][kPathBytes];
std::atomic<bool> g_used[kSlots];
std::mutex g_slots_mutex;

extern "C" void remove_temporaries_and_die(int sig) {
  for (int i = 0; i < kSlots; ++i)
    if (g_used[i].load()) ::unlink(g_paths[i]);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_handler_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      // Only where nothing else decided: an ignored SIGHUP (nohup) stays ignored.
      if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
      struct sigaction sa {};
      sa.sa_handler = remove_temporaries_and_die;
      sigemptyset(&sa.sa_mask);
      ::sigaction(sig, &sa, nullptr);
    }
  });
}

int register_temporary(const std::string& temp) {
  if (temp.size() >= kPathBytes) return -1;  // then only the destructor removes it
  install_handler_once();
  std::lock_guard lock(g_slots_mutex);
  for (int i = 0; i < kSlots; ++i)
    if (!g_used[i].load()) {
      std::memcpy(g_paths[i], temp.c_str(), temp.size() + 1);
      g_used[i].store(true);
      return i;
    }
  return -1;
}

void unregister_temporary(int slot) {
  if (slot < 0) return;
  std::lock_guard lock(g_slots_mutex);
  g_used[slot].store(false);
}

mode_t new_file_mode() {
  mode_t mask = ::umask(0);  // the only way to read it; set straight back
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

TempFile::~TempFile() { discard(); }

void TempFile::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  unregister_temporary(slot_);
  slot_ = -1;
}

bool TempFile::create(const std::string& path, std::string* why) {
  namespace fs = std::filesystem;
  discard();
  path_ = path;
  error_ = 0;
  fs::path p(path);
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    *why = "it is a directory";
    return false;
  }
  std::string temp = (p.parent_path() / ("." + p.filename().string() + ".tmp.XXXXXX")).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    *why = os_error(errno);
    return false;
  }
  fd_ = fd;
  temp_ = temp;
  slot_ = register_temporary(temp_);
  return true;
}

void TempFile::write(std::string_view bytes) {
  if (fd_ < 0 || error_) return;
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      return;
    }
    done += static_cast<size_t>(n);
  }
}

bool TempFile::commit(std::string* why) {
  if (fd_ < 0) {
    *why = "no file is open";
    return false;
  }
  auto fail = [&](int err) {
    *why = os_error(err);
    discard();
    return false;
  };
  if (error_) return fail(error_);
  struct stat st {};
  mode_t mode = ::stat(path_.c_str(), &st) == 0 ? (st.st_mode & 07777) : new_file_mode();
  if (::fchmod(fd_, mode) != 0 || ::fsync(fd_) != 0) return fail(errno);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return fail(errno);
  if (::rename(temp_.c_str(), path_.c_str()) != 0) return fail(errno);
  temp_.clear();  // it is the target now
  unregister_temporary(slot_);
  slot_ = -1;
  return true;
}

bool write_file_atomically(const std::string& path, const std::string& text, std::string* why) {
  TempFile f;
  if (!f.create(path, why)) return false;
  f.write(text);
  return f.commit(why);
}

}  // namespace tco::rt
