#include "compiler/driver/cli.h"

#include "compiler/driver/commands.h"
#include "compiler/driver/help.h"
#include "compiler/runner/run_command.h"

namespace tco::driver {
namespace {

int dispatch(const std::vector<std::string>& args, std::string& out, std::string& err, bool color) {
  Options o;
  if (auto answered = parse_options(args, o, out, err)) return *answered;
  if (o.command == "help") {
    const Command* topic = o.positional.empty() ? nullptr : find_command(o.positional[0]);
    out += topic ? topic->help : kMainHelp;
    return kOk;
  }
  if (o.command.empty()) {
    (o.help ? out : err) += kMainHelp;
    return o.help ? kOk : kCompileError;
  }
  const Command* command = find_command(o.command);
  if (!command) return usage_error<DiagKind::UnknownCommand>(err, "", o.command);
  if (o.help) {
    out += command->help;
    return kOk;
  }
  if (o.stdio && o.command != "lsp") return usage_error<DiagKind::OptionOfCommand>(err, o.command, "--stdio", "lsp");
  if (!o.only.empty() && o.command != "run") return usage_error<DiagKind::OptionOfCommand>(err, o.command, "--only", "run");
  return command->handler(o, out, err, color);
}

}  // namespace

int tcoc_main(const std::vector<std::string>& args, std::string& out, std::string& err, bool color) {
  return runner::guarded(err, [&] { return dispatch(args, out, err, color); });
}

}  // namespace tco::driver
