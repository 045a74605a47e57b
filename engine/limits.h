// The bounds every model is held to, in one place. They are far above any
// network this workbench trains on a CPU (LeNet to small modern CNNs), and
// low enough that all shape, size and parameter arithmetic fits in 64 bits
// (and every per-image extent in 32) without overflow. docs/reliability.md
// lists them; the spec loader refuses anything beyond, naming the layer.
#pragma once

#include <cstdint>
#include <string>

namespace cnnwb {

inline constexpr int kMaxImageSide = 16384;                   // Input height and width
inline constexpr int kMaxImageChannels = 4096;                // Input channels
inline constexpr int kMaxWindowSide = 4096;                   // kernel_size, pool_size, strides
inline constexpr std::uint64_t kMaxValuesPerImage = 1u << 28; // one layer's output for one image (1 GiB of floats)
inline constexpr std::uint64_t kMaxParameters = 1u << 31;     // a whole model (8 GiB of float32 weights)

// The memory a training run may plan to use: $CNNWB_MEMORY_LIMIT_MB when set,
// else half of this machine's physical memory, so that a model near the
// machine's size is refused before the operating system kills the process.
struct MemoryLimit {
    std::uint64_t bytes = 0;
    std::string origin;  // "half of this machine's 23.4 GB" or "CNNWB_MEMORY_LIMIT_MB=512"
};
MemoryLimit trainingMemoryLimit();

// "1.2 MB", "456 KB", "12 B" (powers of 1024).
std::string bytesText(std::uint64_t bytes);
// "16,777,217 bytes (16.0 MB)": for sizes compared against a limit, where rounding would hide the excess.
std::string exactBytesText(std::uint64_t bytes);

}  // namespace cnnwb
