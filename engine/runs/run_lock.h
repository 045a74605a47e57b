// Tells a run that is training from one whose process died. A run in
// progress holds an advisory lock (flock) on RUNS/locks/<id>.lock for its
// whole life; the kernel drops it when the process ends, however it ends
// (kill -9, power loss), so a "running" file whose lock is free was
// interrupted. PIDs are not used: they repeat, in containers and after reboots.
#pragma once

#include <filesystem>
#include <string>

namespace cnnwb {

class RunLock {
public:
    // Takes the lock for `id` in `library`; throws DataError naming the file
    // when it cannot be made, or when another process holds it.
    RunLock(const std::filesystem::path& library, const std::string& id);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    // Whether some process (this one included) holds the lock for `id`.
    static bool isHeld(const std::filesystem::path& library, const std::string& id);

private:
    std::filesystem::path file_;
    int fd_ = -1;
};

}  // namespace cnnwb
