#include "run_lock.h"

#include "../errors.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cnnwb {

namespace {

std::filesystem::path lockFile(const std::filesystem::path& library, const std::string& id) {
    return library / "locks" / (id + ".lock");
}

}  // namespace

RunLock::RunLock(const std::filesystem::path& library, const std::string& id) : file_(lockFile(library, id)) {
    std::error_code ec;
    std::filesystem::create_directories(file_.parent_path(), ec);
    fd_ = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw DataError(file_.string() + ": cannot create the run's lock (" + std::strerror(errno) + ")");
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw DataError(file_.string() + ": the run '" + id + "' is already training in another process");
    }
}

RunLock::~RunLock() {
    if (fd_ < 0) return;
    // Removed before the lock is let go, so no one sees a free lock on a file about to vanish.
    std::error_code ec;
    std::filesystem::remove(file_, ec);
    ::close(fd_);
}

bool RunLock::isHeld(const std::filesystem::path& library, const std::string& id) {
    const std::filesystem::path file = lockFile(library, id);
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;  // no lock file: nobody is training it
    // flock locks belong to an open file description: this probe conflicts
    // with a holder even in the same process.
    const bool free = ::flock(fd, LOCK_SH | LOCK_NB) == 0;
    ::close(fd);
    return !free;
}

}  // namespace cnnwb
