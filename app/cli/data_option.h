// --data DIR, for the commands that read or download data sets. A folder the
// user names is the only place data is looked for (see engine/data/data_locator.h),
// so `--data ""` — say, an unset shell variable — is refused instead of being
// taken as "no folder named" and quietly searching elsewhere.
#pragma once

#include "path_argument.h"

#include "engine/errors.h"

#include <QCommandLineParser>

#include <filesystem>

namespace cnnwb::cli {

// The folder --data names (as the bytes typed), or an empty path when --data is not given.
inline std::filesystem::path dataFolderOption(const QCommandLineParser& p) {
    if (!p.isSet("data")) return {};
    if (p.value("data").trimmed().isEmpty())
        throw DataError("--data names no folder (its value is empty); give the folder that holds the data, or leave "
                        "--data out to use $CNNWB_DATA or the user cache");
    return pathArgument(p.value("data"));
}

}  // namespace cnnwb::cli
