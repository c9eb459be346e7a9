#include "compiler/driver/fmt.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <iterator>

#include "compiler/diagnostics/exit_codes.h"
#include "compiler/sema/load.h"
#include "compiler/syntax/format.h"
#include "runtime/atomic_file.h"

namespace tco::driver {

namespace {

std::string read_stdin() {
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

int format_one(const std::string& path, const FmtOptions& opts, std::string& out, std::string& err, bool color) {
  SourceManager sm;
  Diagnostics diags(sm);
  bool from_stdin = path == "-";
  std::optional<FileId> file =
      from_stdin ? std::optional<FileId>(sm.add("<stdin>", read_stdin())) : sema::read_source(path, sm, diags);
  if (!file) {
    err += diags.render(color);
    return kRuntimeError;
  }
  auto result = syntax::format_file(*file, sm, diags);
  err += diags.render(color);
  if (!result.internal_error.empty()) {
    err += fmt::format("internal error: tcoc fmt left `{}` unchanged: {}\n"
                       "  hint: this is a bug in tcoc; please report it with the file\n",
                       path, result.internal_error);
    return kRuntimeError;
  }
  if (!result.text) return kCompileError;
  const std::string& text = *result.text;
  bool changed = text != sm.file(*file).text;
  if (opts.check) {
    if (changed) err += fmt::format("{}: not formatted (run `tcoc fmt {}`)\n", path, path);
    return changed ? kAssertFailed : kOk;
  }
  if (opts.to_stdout || from_stdin) {
    out += text;
    return kOk;
  }
  if (!changed) return kOk;
  std::string why;
  if (!rt::write_file_atomically(path, text, &why)) {
    Diagnostics d(sm);
    d.report<DiagKind::CannotWrite>(Span{}, path, why);
    err += d.render(color);
    return kRuntimeError;
  }
  return kOk;
}

// --check's "would change" (1) ranks below a broken plan (2) and an I/O failure (3).
int worse(int a, int b) { return std::max(a, b); }

}  // namespace

int fmt_files(const std::vector<std::string>& files, const FmtOptions& opts, std::string& out, std::string& err,
              bool color) {
  int code = kOk;
  for (const auto& f : files) code = worse(code, format_one(f, opts, out, err, color));
  return code;
}

}  // namespace tco::driver
