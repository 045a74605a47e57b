#include "machine.h"

#include <fstream>
#include <thread>

#include <sys/utsname.h>

namespace cnnwb {

static std::string cpuModel() {
    std::ifstream info("/proc/cpuinfo");
    std::string line;
    while (std::getline(info, line)) {
        if (line.rfind("model name", 0) != 0) continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos) break;
        std::string model = line.substr(colon + 1);
        model.erase(0, model.find_first_not_of(" \t"));
        return model;
    }
    return "unknown CPU";
}

std::string machineDescription() {
    static const std::string description = [] {
        std::string d = cpuModel() + " · " + std::to_string(std::thread::hardware_concurrency()) + " logical CPUs";
        utsname u{};
        if (::uname(&u) == 0) d += std::string(" · ") + u.sysname + " " + u.machine;
        return d;
    }();
    return description;
}

}  // namespace cnnwb
