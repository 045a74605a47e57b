#include "durable_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace cnnwb {

void writeFileDurably(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
    // A name of this writer's own, so two writers of one file never write into the same temporary.
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path tmp = path.string() + ".saving-" + std::to_string(::getpid()) + "-" +
                                      std::to_string(++counter);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw FileWriteError(path.string() + ": cannot write (" + std::strerror(errno) + ")");
        try {
            write(out);
        } catch (...) {
            out.close();
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            throw;
        }
        out.flush();
        if (!out) {
            out.close();
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            throw FileWriteError(path.string() + ": writing failed (disk full?); the previous file is untouched");
        }
    }
    // On disk before the rename, so the rename never exposes a partial file.
    const int fd = ::open(tmp.c_str(), O_RDONLY);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    const int syncErrno = errno;
    if (fd >= 0) ::close(fd);
    std::error_code ec;
    if (!synced) {
        std::filesystem::remove(tmp, ec);
        throw FileWriteError(path.string() + ": could not be written to disk (" + std::strerror(syncErrno) +
                             "); the previous file is untouched");
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        const std::string why = std::filesystem::is_directory(path) ? "it is a folder" : ec.message();
        std::error_code ignored;  // the reason above is what the user needs, not the clean-up's
        std::filesystem::remove(tmp, ignored);
        throw FileWriteError(path.string() + ": cannot replace the file (" + why + "); the previous file is untouched");
    }
    // The rename itself is on disk once the folder is.
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

}  // namespace cnnwb
