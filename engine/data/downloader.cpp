#include "downloader.h"

#include "data_locator.h"
#include "md5.h"
#include "tar_extract.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

namespace cnnwb {

namespace fs = std::filesystem;

DatasetSource mnistSource() {
    DatasetSource s;
    s.id = "mnist";
    s.mirrors = {"https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"};
    s.files = {{"train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"},
               {"train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"},
               {"t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"},
               {"t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"}};
    return s;
}

DatasetSource cifar10Source() {
    DatasetSource s;
    s.id = "cifar10";
    s.mirrors = {"https://www.cs.toronto.edu/~kriz/"};
    s.files = {{"cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530"}};
    s.extractTarGz = true;
    s.extractNames = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                      "data_batch_5.bin", "test_batch.bin",   "batches.meta.txt"};
    return s;
}

std::vector<std::string> knownDatasetIds() { return {"mnist", "cifar10"}; }

DatasetSource datasetSource(const std::string& id) {
    if (id == "mnist") return mnistSource();
    if (id == "cifar10") return cifar10Source();
    throw DataError("Unknown data set '" + id + "'; known: mnist, cifar10");
}

namespace {

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string joinUrl(const std::string& base, const std::string& name) {
    return (!base.empty() && base.back() != '/') ? base + "/" + name : base + name;
}

void note(const DownloadOptions& options, const std::string& text) {
    if (options.log) options.log(text);
}

std::uint64_t fileSizeOrZero(const fs::path& p) {
    std::error_code ec;
    const auto size = fs::file_size(p, ec);
    return ec ? 0 : std::uint64_t(size);
}

void removeQuietly(const fs::path& p) {
    std::error_code ec;
    fs::remove(p, ec);
}

// What one HTTP request did.
enum class Outcome { Complete, RangeNotSatisfiable, Transient, MirrorFailed, Cancelled };

struct FetchResult {
    Outcome outcome = Outcome::Transient;
    std::string reason;  // for messages
};

// State shared with libcurl's callbacks during one request.
struct Transfer {
    CURL* curl = nullptr;
    const DownloadOptions* options = nullptr;
    std::string fileName;
    fs::path partPath;
    std::ofstream out;
    std::uint64_t offset = 0;   // bytes the .part held when the request went out
    std::uint64_t written = 0;  // bytes of this response written
    std::uint64_t total = 0;
    std::int64_t contentRangeStart = -1;
    bool started = false;
    bool rejected = false;   // status not 200/206: body ignored
    bool badRange = false;   // 206 for another offset than asked
    bool cancelled = false;
    bool tooBig = false;
    bool writeFailed = false;
};

// Headers: remember where a 206 says its bytes start ("Content-Range: bytes A-B/T").
std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) t->contentRangeStart = -1;  // a new response (after a redirect)
    std::string lower = line.substr(0, 14);
    for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "content-range:") {
        const auto bytes = line.find("bytes");
        if (bytes != std::string::npos) t->contentRangeStart = std::strtoll(line.c_str() + bytes + 5, nullptr, 10);
    }
    return size * count;
}

// The first body bytes decide what the .part becomes: appended to (206 from
// our offset), restarted (200: the server ignored the Range), or untouched.
bool startBody(Transfer& t) {
    t.started = true;
    long status = 0;
    curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200 && status != 206) {
        t.rejected = true;
        return false;
    }
    if (status == 206 && t.contentRangeStart != std::int64_t(t.offset)) {
        t.badRange = true;
        return false;
    }
    if (status == 200) t.offset = 0;
    t.out.open(t.partPath, std::ios::binary | (status == 206 ? std::ios::app : std::ios::trunc));
    if (!t.out) {
        t.writeFailed = true;
        return false;
    }
    curl_off_t length = -1;
    curl_easy_getinfo(t.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    t.total = length >= 0 ? t.offset + std::uint64_t(length) : 0;
    return true;
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (!t->started && !startBody(*t)) return 0;  // 0 makes libcurl abort the transfer
    if (t->offset + t->written + bytes > t->options->maxBytes) {
        t->tooBig = true;
        return 0;
    }
    t->out.write(data, std::streamsize(bytes));
    if (!t->out) {
        t->writeFailed = true;
        return 0;
    }
    t->written += bytes;
    if (t->options->progress &&
        !t->options->progress({t->fileName, t->offset + t->written, t->total})) {
        t->cancelled = true;
        return 0;
    }
    return bytes;
}

int onIdleProgress(void* userdata, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(userdata);
    if (!t->options->cancelRequested || !t->options->cancelRequested()) return 0;
    t->cancelled = true;
    return 1;  // aborts the transfer
}

FetchResult classifyStatus(long status) {
    const std::string reason = "HTTP " + std::to_string(status);
    if (status == 416) return {Outcome::RangeNotSatisfiable, reason};
    if (status == 408 || status == 429 || status >= 500) return {Outcome::Transient, reason};
    return {Outcome::MirrorFailed, reason};
}

// One GET of `url` into partPath, resuming from what it already holds.
FetchResult fetchOnce(const std::string& url, const std::string& fileName, const fs::path& partPath,
                      const DownloadOptions& options) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) throw DataError("Cannot start a download: libcurl failed to initialise");
    Transfer t;
    t.curl = curl.get();
    t.options = &options;
    t.fileName = fileName;
    t.partPath = partPath;
    t.offset = fileSizeOrZero(partPath);
    const std::string range = std::to_string(t.offset) + "-";
    char errorText[CURL_ERROR_SIZE] = {0};

    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe in threads
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options.connectTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options.stallTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, options.totalTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "cnn-workbench/" CNNWB_VERSION);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    // libcurl calls this about once a second even while nothing arrives, so
    // a cancel does not wait for the next byte of a stalled server.
    if (options.cancelRequested) {
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &onIdleProgress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    }
    if (t.offset > 0) curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());

    const CURLcode rc = curl_easy_perform(c);
    t.out.close();
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);

    if (t.cancelled) return {Outcome::Cancelled, "cancelled"};
    if (t.writeFailed) throw DataError(partPath.string() + ": cannot write the download (disk full or no permission?)");
    if (t.tooBig) {
        removeQuietly(partPath);
        return {Outcome::MirrorFailed, "the server sent more than " + std::to_string(options.maxBytes) + " bytes"};
    }
    if (t.badRange) {
        removeQuietly(partPath);  // cannot trust how the parts line up: start over
        return {Outcome::Transient, "the server resumed at the wrong offset"};
    }
    if (t.rejected || (rc == CURLE_OK && status != 200 && status != 206)) return classifyStatus(status);
    if (rc != CURLE_OK)
        return {Outcome::Transient, errorText[0] ? std::string(errorText) : std::string(curl_easy_strerror(rc))};
    if (!t.started && status == 200 && t.offset > 0) {
        std::ofstream(partPath, std::ios::binary | std::ios::trunc);  // an empty 200 replaces the old part
    }
    return {Outcome::Complete, {}};
}

}  // namespace

void downloadFile(const std::vector<std::string>& mirrors, const RemoteFile& file, const fs::path& destPath,
                  const DownloadOptions& options) {
    initCurlOnce();
    const fs::path partPath = fs::path(destPath.string() + ".part");
    std::string failures;
    bool checksumFailed = false;

    for (std::size_t m = 0; m < mirrors.size(); ++m) {
        const std::string url = joinUrl(mirrors[m], file.name);
        for (int attempt = 1; attempt <= std::max(1, options.attemptsPerMirror); ++attempt) {
            FetchResult result = fetchOnce(url, file.name, partPath, options);
            if (result.outcome == Outcome::Cancelled)
                throw DownloadCancelled("Download of " + file.name + " cancelled; " + partPath.string() +
                                        " is kept so a later download resumes");
            if (result.outcome == Outcome::Complete || result.outcome == Outcome::RangeNotSatisfiable) {
                // 416 usually means the .part is already whole; the checksum decides.
                const std::string actual = md5OfFile(partPath);
                if (file.md5.empty() || actual == file.md5) {
                    std::error_code ec;
                    fs::rename(partPath, destPath, ec);
                    if (ec) throw DataError(destPath.string() + ": cannot move the download into place: " + ec.message());
                    return;
                }
                removeQuietly(partPath);
                if (result.outcome == Outcome::RangeNotSatisfiable) {  // a stale .part: start over
                    failures += "  " + url + " (attempt " + std::to_string(attempt) +
                                "): could not resume (HTTP 416) and the partial file did not match; discarded it\n";
                    continue;
                }
                checksumFailed = true;
                result.reason = "checksum mismatch: MD5 " + actual + ", expected " + file.md5 +
                                " (corrupt download; discarded)";
                failures += "  " + url + ": " + result.reason + "\n";
                note(options, url + ": " + result.reason);
                break;  // the same mirror would likely serve the same bytes again
            }
            failures += "  " + url + " (attempt " + std::to_string(attempt) + "): " + result.reason + "\n";
            note(options, url + ": " + result.reason);
            if (result.outcome == Outcome::MirrorFailed) break;
            if (attempt < options.attemptsPerMirror)
                std::this_thread::sleep_for(std::chrono::milliseconds(options.retryDelayMilliseconds));
        }
    }
    // A .part from an interrupted transfer stays for resuming; a corrupt one was removed above.
    const std::string message = "Could not download " + file.name + ":\n" + failures +
                                (mirrors.empty() ? "  (no mirror to download from)\n" : "");
    if (checksumFailed) throw ChecksumError(message);
    throw DataError(message);
}

fs::path downloadDataset(const DatasetSource& source, const fs::path& dataDir, const DownloadOptions& options) {
    const fs::path base = dataDir.empty() ? userCacheDataDir() : dataDir;
    if (base.empty()) throw DataError("No folder to download into: HOME is not set; pass a data folder");
    const fs::path dir = base / source.id;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw DataError(dir.string() + ": cannot create the download folder: " + ec.message());

    if (source.extractTarGz) {
        const std::set<std::string> wanted(source.extractNames.begin(), source.extractNames.end());
        auto haveAll = [&] {
            for (const std::string& name : wanted)
                if (!fs::is_regular_file(dir / name, ec)) return false;
            return true;
        };
        if (haveAll()) return dir;
        for (const RemoteFile& file : source.files) {
            const fs::path archive = dir / file.name;
            if (!(fs::is_regular_file(archive, ec) && (file.md5.empty() || md5OfFile(archive) == file.md5)))
                downloadFile(source.mirrors, file, archive, options);
            note(options, "Unpacking " + archive.string());
            extractFromTar(archive, dir, wanted);
        }
        std::string missing;
        for (const std::string& name : wanted)
            if (!fs::is_regular_file(dir / name, ec)) missing += " " + name;
        if (!missing.empty()) throw DataError("The downloaded archive of " + source.id + " lacks:" + missing);
        for (const RemoteFile& file : source.files) removeQuietly(dir / file.name);  // unpacked: save the space
        return dir;
    }

    for (const RemoteFile& file : source.files) {
        const fs::path dest = dir / file.name;
        if (fs::is_regular_file(dest, ec) && (file.md5.empty() || md5OfFile(dest) == file.md5)) continue;
        downloadFile(source.mirrors, file, dest, options);
    }
    return dir;
}

}  // namespace cnnwb
