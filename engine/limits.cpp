#include "limits.h"

#include "layer.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace cnnwb {

static std::uint64_t physicalMemoryBytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0) return 8ull << 30;  // unknown: assume a small laptop
    return std::uint64_t(pages) * std::uint64_t(pageSize);
}

MemoryLimit trainingMemoryLimit() {
    if (const char* env = std::getenv("CNNWB_MEMORY_LIMIT_MB"); env && *env) {
        char* end = nullptr;
        const unsigned long long mb = std::strtoull(env, &end, 10);
        // A value that is not a plain positive number is ignored, not obeyed:
        // the default protects the machine.
        if (end && *end == '\0' && mb > 0 && mb < (1ull << 40))
            return {mb << 20, "CNNWB_MEMORY_LIMIT_MB=" + std::string(env)};
        // Said wherever the limit is named (refusals, the summary's tooltip), so the typo is seen.
        const std::uint64_t physical = physicalMemoryBytes();
        return {physical / 2, "half of this machine's " + bytesText(physical) + "; CNNWB_MEMORY_LIMIT_MB='" +
                                  std::string(env) + "' is ignored: it must be a whole number of megabytes ≥ 1"};
    }
    const std::uint64_t physical = physicalMemoryBytes();
    return {physical / 2, "half of this machine's " + bytesText(physical) + "; CNNWB_MEMORY_LIMIT_MB changes it"};
}

std::string exactBytesText(std::uint64_t bytes) {
    const std::string digits = withThousands(bytes);
    return bytes < 1024 ? digits + " bytes" : digits + " bytes (" + bytesText(bytes) + ")";
}

std::string bytesText(std::uint64_t bytes) {
    const double b = double(bytes);
    char text[32];
    if (b >= 1024.0 * 1024.0 * 1024.0) std::snprintf(text, sizeof text, "%.2f GB", b / (1024.0 * 1024.0 * 1024.0));
    else if (b >= 1024.0 * 1024.0) std::snprintf(text, sizeof text, "%.1f MB", b / (1024.0 * 1024.0));
    else if (b >= 1024.0) std::snprintf(text, sizeof text, "%.1f KB", b / 1024.0);
    else std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
    return text;
}

}  // namespace cnnwb
