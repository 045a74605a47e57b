// --data DIR, for the commands that read or download data sets, and
// --data-folder DIR, which trains on the user's own images. A folder the
// user names is the only place data is looked for (see engine/data/data_locator.h),
// so `--data ""` — say, an unset shell variable — is refused instead of being
// taken as "no folder named" and quietly searching elsewhere.
#pragma once

#include "path_argument.h"

#include "engine/errors.h"
#include "engine/model_spec.h"
#include "engine/training_data.h"

#include <QCommandLineParser>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include <unistd.h>

namespace cnnwb::cli {

// The folder --data names (as the bytes typed), or an empty path when --data is not given.
inline std::filesystem::path dataFolderOption(const QCommandLineParser& p) {
    if (!p.isSet("data")) return {};
    if (p.value("data").trimmed().isEmpty())
        throw DataError("--data names no folder (its value is empty); give the folder that holds the data, or leave "
                        "--data out to use $CNNWB_DATA or the user cache");
    return pathArgument(p.value("data"));
}

inline constexpr const char* kDataFolderHelp =
    "Train on your own images: DIR/<class>/*.png|jpg|bmp, or DIR/train/<class>/… and DIR/test/<class>/… "
    "(else 20% are held out as the test set); resized to the model's Input layer, in its colour mode.";

// --data-folder DIR: `spec` trains on that image folder (useImageFolder).
inline void applyDataFolderOption(const QCommandLineParser& p, ModelSpec& spec) {
    if (!p.isSet("data-folder")) return;
    if (p.value("data-folder").trimmed().isEmpty())
        throw DataError("--data-folder names no folder (its value is empty); give the folder of class subfolders");
    useImageFolder(spec, pathArgument(p.value("data-folder")));
}

// Decoding an image folder: a redrawn count on a terminal, nothing otherwise
// (the first open of a big folder takes a while; the cached one does not).
inline LoadProgress decodingProgress(const char* command) {
    if (!::isatty(STDERR_FILENO)) return {};
    return [command](std::size_t done, std::size_t total) {
        std::fprintf(stderr, "\r%s: decoding images %zu/%zu%s", command, done, total, done == total ? "\n" : "");
        std::fflush(stderr);
    };
}

// The files an image folder skipped, on stderr: never dropped silently.
inline void reportSkipped(const char* command, const TrainingData& data) {
    if (!data.skipped.empty()) std::cerr << command << ": " << skippedSummary(data.skipped) << "\n";
}

}  // namespace cnnwb::cli
