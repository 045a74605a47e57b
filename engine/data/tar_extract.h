// Takes the wanted files out of a tar archive, gzipped or not (the .bin files
// of cifar-10-binary.tar.gz), with libarchive. The archive is distrusted: a
// member that could write outside the target folder ("../", an absolute path,
// a symbolic or hard link) or is not a regular file or folder refuses the
// whole archive, and sizes are capped so a small archive cannot fill the disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

namespace cnnwb {

// One member may unpack to at most 256 MiB: CIFAR-10's biggest is 30.7 MB.
inline constexpr std::uint64_t kMaxTarMemberBytes = std::uint64_t(256) << 20;
// All wanted members together at most 1 GiB: CIFAR-10's six batches are 184 MB.
inline constexpr std::uint64_t kMaxTarTotalBytes = std::uint64_t(1) << 30;
// At most 10,000 members: CIFAR-10's archive has 9.
inline constexpr std::size_t kMaxTarMembers = 10'000;

// Extracts the regular files whose base name is in `wanted` into `destDir`
// (flat, under their base name only: archive paths never choose where we
// write). Each file is written as name.part, then renamed. Returns the names
// extracted. Throws DataError naming the archive (and the member) on a corrupt
// or truncated archive, a hostile or non-regular member, a name wanted twice,
// or a size over the caps above; nothing half-written is left then.
std::set<std::string> extractFromTar(const std::filesystem::path& archive, const std::filesystem::path& destDir,
                                     const std::set<std::string>& wanted);

}  // namespace cnnwb
