// File names from the command line as the bytes the shell passed. Qt decodes
// argv as UTF-8, and a name that is not valid UTF-8 (Latin-1 files from an old
// archive) would come back altered: "not found", or written under another
// name. The commands parse options with QCommandLineParser and ask here for
// the original bytes of the values that are paths.
#pragma once

#include <QString>

#include <filesystem>

namespace cnnwb::cli {

// Called once by main() with its own argc/argv.
void rememberArguments(int argc, char** argv);

// The path the user typed for `value` (an option value or a positional
// argument as QCommandLineParser returned it).
std::filesystem::path pathArgument(const QString& value);

}  // namespace cnnwb::cli
