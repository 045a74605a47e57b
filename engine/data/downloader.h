// Downloads the built-in data sets from their public mirrors into the data
// folder (by default the user cache the locator searches):
// - each file is written as NAME.part, resumed with an HTTP Range request
//   after a dropped connection, checked against its MD5, then renamed into
//   place, so a half or corrupt file never sits under the real name;
// - mirrors are tried in order; transient failures are retried per mirror;
// - connect and stall timeouts mean it never hangs.
#pragma once

#include "../errors.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cnnwb {

// The download finished but its MD5 is not the expected one; the file was discarded.
class ChecksumError : public DataError {
public:
    using DataError::DataError;
};

// The progress callback asked to stop. The .part file is kept for a later resume.
class DownloadCancelled : public DataError {
public:
    using DataError::DataError;
};

struct RemoteFile {
    std::string name;  // file name on the mirror and on disk
    std::string md5;   // lower-case hex; empty skips the check
};

struct DatasetSource {
    std::string id;                    // "mnist", "cifar10": also its folder under the data dir
    std::vector<std::string> mirrors;  // base URLs tried in order; a file's URL is mirror + name
    std::vector<RemoteFile> files;
    bool extractTarGz = false;              // the files are tar archives to unpack, then delete
    std::vector<std::string> extractNames;  // members taken out of them (by base name)
};

DatasetSource mnistSource();
DatasetSource cifar10Source();
std::vector<std::string> knownDatasetIds();
// Throws DataError naming the known ids when `id` is not one of them.
DatasetSource datasetSource(const std::string& id);

struct DownloadProgress {
    std::string file;
    std::uint64_t bytesDone = 0;   // including what a resumed .part already held
    std::uint64_t bytesTotal = 0;  // 0 while unknown
};

struct DownloadOptions {
    // Called as data arrives; return false to cancel (throws DownloadCancelled).
    std::function<bool(const DownloadProgress&)> progress;
    // Asked about once a second, also while nothing arrives (a stalled
    // server): true cancels, as progress returning false does.
    std::function<bool()> cancelRequested;
    // Human-readable notes such as "mirror 1 failed (HTTP 404), trying mirror 2".
    std::function<void(const std::string&)> log;
    long connectTimeoutSeconds = 20;
    long stallTimeoutSeconds = 60;  // give up when under 1 KiB/s for this long
    long totalTimeoutSeconds = 0;   // per request; 0 = no limit (stalls are still caught)
    int attemptsPerMirror = 3;
    int retryDelayMilliseconds = 1000;
    std::uint64_t maxBytes = std::uint64_t(1) << 30;  // a server that never stops is cut off here
};

// Downloads one file into `destPath`, trying each mirror in turn. Throws
// ChecksumError when the only complete downloads had the wrong MD5 (nothing
// is left on disk then), DataError when every mirror failed otherwise.
void downloadFile(const std::vector<std::string>& mirrors, const RemoteFile& file,
                  const std::filesystem::path& destPath, const DownloadOptions& options = {});

// Downloads (and for CIFAR-10 unpacks) a data set into dataDir/source.id;
// an empty dataDir means userCacheDataDir(). Files already there with the
// right MD5 are kept. Returns the folder.
std::filesystem::path downloadDataset(const DatasetSource& source, const std::filesystem::path& dataDir = {},
                                      const DownloadOptions& options = {});

}  // namespace cnnwb
