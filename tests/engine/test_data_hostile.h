// Hostile inputs for the data tests. A gzip bomb: a small .gz that inflates
// to hundreds of megabytes, written in pieces so the test never holds them.
// A named pipe, and a bounded way to try reading it: a reader that blocked on
// the pipe would hang the suite, so a watchdog plays a writer that leaves at
// once after a few seconds (the reader then sees the end) and the test fails
// on the time taken instead of hanging.
#pragma once

#include "test_data_util.h"

#include <zlib.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

namespace testdata {

// Writes `head` then `zeros` zero bytes as one gzip file of about zeros/1000 bytes.
inline void writeGzZeros(const std::filesystem::path& path, const Bytes& head, std::uint64_t zeros) {
    std::filesystem::create_directories(path.parent_path());
    gzFile file = gzopen(path.c_str(), "wb9");
    if (!file) throw cnnwb::DataError(path.string() + ": cannot create the test's gzip bomb");
    bool ok = gzwrite(file, head.data(), unsigned(head.size())) == int(head.size()) || head.empty();
    const Bytes chunk(std::size_t(1) << 20, '\0');
    for (std::uint64_t done = 0; ok && done < zeros;) {
        const unsigned n = unsigned(std::min<std::uint64_t>(chunk.size(), zeros - done));
        ok = gzwrite(file, chunk.data(), n) == int(n);
        done += n;
    }
    if (gzclose(file) != Z_OK || !ok) throw cnnwb::DataError(path.string() + ": cannot write the test's gzip bomb");
}

// Creates a FIFO at `path`; false when the system refuses.
inline bool makeFifo(const std::filesystem::path& path) {
    std::filesystem::create_directories(path.parent_path());
    return ::mkfifo(path.c_str(), 0600) == 0;
}

struct TimedError {
    QString message;
    double seconds = 0;
};

// The DataError message of `read` (which reads `fifo`) and how long it took;
// never more than about `patience` seconds.
inline TimedError dataErrorReadingFifo(const std::filesystem::path& fifo, const std::function<void()>& read,
                                       double patience = 5) {
    std::atomic<bool> done{false};
    std::thread watchdog([&] {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(patience);
        while (!done && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        for (int i = 0; i < 50 && !done; ++i) {  // unblock a reader stuck in open() or read()
            const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0) ::close(fd);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    const auto start = std::chrono::steady_clock::now();
    TimedError result;
    result.message = dataErrorOf(read);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    done = true;
    watchdog.join();
    return result;
}

}  // namespace testdata
