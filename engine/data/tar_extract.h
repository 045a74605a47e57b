// A minimal reader of tar archives (POSIX ustar, with GNU long names and pax
// path records), gzipped or not: just enough to take the .bin files out of
// cifar-10-binary.tar.gz without another library.
#pragma once

#include <filesystem>
#include <set>
#include <string>

namespace cnnwb {

// Extracts the regular files whose base name is in `wanted` into `destDir`
// (flat, under their base name only: archive paths never choose where we
// write). Each file is written as name.part, then renamed. Returns the names
// extracted. Throws DataError on a corrupt or truncated archive.
std::set<std::string> extractFromTar(const std::filesystem::path& archive, const std::filesystem::path& destDir,
                                     const std::set<std::string>& wanted);

}  // namespace cnnwb
