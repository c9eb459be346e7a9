// The help texts of tcoc and its commands (help.cpp); the command table (commands.cpp) says
// which command shows which.
#pragma once

namespace tco::driver {

extern const char* const kMainHelp;
extern const char* const kRunHelp;
extern const char* const kCheckHelp;
extern const char* const kExplainHelp;
extern const char* const kCalibrateHelp;
extern const char* const kFmtHelp;
extern const char* const kDiffHelp;
extern const char* const kLspHelp;
extern const char* const kDocHelp;

}  // namespace tco::driver
