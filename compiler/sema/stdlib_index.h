// Which stdlib module declares a name, for a plan that has not imported it: the hint under
// "unknown name `H100_SXM`" that says to `import gpus`, with the fix that adds it. The
// stdlib's files are parsed once, on the first such error; a plan that checks never pays.
#pragma once
#include <string>

namespace tco::sema {

// The module (file stem) of `stdlib_dir` whose top-level declarations include `name`, or ""
// (none, or the folder cannot be read). The prelude is never named: it is always loaded.
std::string stdlib_module_declaring(const std::string& stdlib_dir, const std::string& name);

}  // namespace tco::sema
