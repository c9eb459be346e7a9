// The table of tcoc's commands: each one's name, help text and handler. Adding a command is
// one row here and its own file for the body.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "compiler/driver/options.h"

namespace tco::driver {

struct Command {
  std::string_view name;
  const char* help;  // `tcoc help NAME`, `tcoc NAME --help`
  // Checks the command's arguments (a usage error is exit 2), then runs it; returns the exit code.
  int (*handler)(Options& o, std::string& out, std::string& err, bool color);
};

std::span<const Command> commands();

// The command called `name`, or nullptr.
const Command* find_command(std::string_view name);

}  // namespace tco::driver
