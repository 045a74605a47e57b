// Writes a file so that neither a crash nor a full disk ever leaves it
// half-written: the data goes to a temporary of this writer's own beside it
// ("<file>.saving-<pid>-<n>", so two writers never share one), is flushed to
// disk, then renamed over the file, and the folder is synced so the rename is
// on disk too. Every step is checked; on any failure the temporary is removed
// and the previous file is byte-identical. Sessions, checkpoints, autosaves
// and the image cache are written this way.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <stdexcept>

namespace cnnwb {

// "<path>: <what went wrong>; the previous file is untouched".
class FileWriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// `write` puts the file's content into the stream it is given.
void writeFileDurably(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace cnnwb
