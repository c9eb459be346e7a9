// rt::TempFile, under every output file (`--out`, `--plot`, `tcoc fmt`): whole or nothing.
// The interrupted case (a signal mid-write) is tests/outputs/interrupted.py.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "runtime/atomic_file.h"
#include "support.h"

namespace fs = std::filesystem;

namespace {

using tco::test::slurp;

fs::path scratch() {
  static int n = 0;
  fs::path d = fs::temp_directory_path() / ("tcoc-outputs-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  fs::create_directories(d);
  return d;
}

size_t entries(const fs::path& d) { return static_cast<size_t>(std::distance(fs::directory_iterator(d), fs::directory_iterator())); }

}  // namespace

TEST_CASE("a temporary never committed leaves nothing, and the target as it was") {
  fs::path d = scratch();
  fs::path target = d / "rows.csv";
  std::ofstream(target) << "old";
  {
    tco::rt::TempFile f;
    std::string why;
    REQUIRE(f.create(target.string(), &why));
    f.write("half a ro");
    CHECK(entries(d) == 2);  // the target and the temporary beside it
  }
  CHECK(entries(d) == 1);
  CHECK(slurp(target) == "old");
  fs::remove_all(d);
}

TEST_CASE("a committed temporary replaces the target whole, with the target's permissions") {
  fs::path d = scratch();
  fs::path target = d / "plan.tco";
  std::ofstream(target) << "old";
  ::chmod(target.c_str(), 0640);
  tco::rt::TempFile f;
  std::string why;
  REQUIRE(f.create(target.string(), &why));
  f.write("new ");
  f.write("text");
  REQUIRE(f.commit(&why));
  CHECK(slurp(target) == "new text");
  struct stat st {};
  ::stat(target.c_str(), &st);
  CHECK((st.st_mode & 0777) == 0640);
  CHECK(entries(d) == 1);
  // A new file gets what the umask allows, as any file the user creates (not mkstemp's 0600).
  mode_t mask = ::umask(022);
  REQUIRE(tco::rt::write_file_atomically((d / "new.svg").string(), "<svg/>", &why));
  ::umask(mask);
  ::stat((d / "new.svg").c_str(), &st);
  CHECK((st.st_mode & 0777) == 0644);
  fs::remove_all(d);
}

TEST_CASE("a temporary that cannot be created says why") {
  fs::path d = scratch();
  tco::rt::TempFile f;
  std::string why;
  CHECK_FALSE(f.create((d / "no" / "such" / "rows.csv").string(), &why));
  CHECK(why == "no such file or directory");
  CHECK_FALSE(f.create(d.string(), &why));
  CHECK(why == "it is a directory");
  CHECK_FALSE(f.commit(&why));
  CHECK(entries(d) == 0);
  fs::remove_all(d);
}
