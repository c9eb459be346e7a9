// write_plans FIRST COUNT DIR: writes generated plans FIRST .. FIRST+COUNT-1 to
// DIR/seed-N.tco, to seed a fuzz corpus (tests/fuzz/README.md) or to read them.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/differential/generator.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: write_plans FIRST COUNT DIR\n");
    return 2;
  }
  char* end = nullptr;
  const unsigned long long first = std::strtoull(argv[1], &end, 10);
  if (*end != '\0') return std::fprintf(stderr, "write_plans: FIRST must be a whole number\n"), 2;
  const unsigned long long count = std::strtoull(argv[2], &end, 10);
  if (*end != '\0') return std::fprintf(stderr, "write_plans: COUNT must be a whole number\n"), 2;
  const std::filesystem::path dir = argv[3];
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return std::fprintf(stderr, "write_plans: %s: %s\n", argv[3], ec.message().c_str()), 1;
  for (unsigned long long seed = first; seed < first + count; ++seed) {
    const auto path = dir / ("seed-" + std::to_string(seed) + ".tco");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << tco::difftest::generate_plan(seed);
    if (!out.flush()) return std::fprintf(stderr, "write_plans: %s: %s\n", path.c_str(), std::strerror(errno)), 1;
  }
  return 0;
}
