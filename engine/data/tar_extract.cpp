#include "tar_extract.h"

#include "../errors.h"
#include "compressed_file.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <system_error>
#include <vector>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace cnnwb {

namespace fs = std::filesystem;

namespace {

struct ArchiveFree {
    void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

// Closes the descriptor libarchive reads from (archive_read_open_fd leaves it open).
struct FdGuard {
    int fd = -1;
    ~FdGuard() {
#ifndef _WIN32
        if (fd >= 0) ::close(fd);
#endif
    }
};

std::string libarchiveSays(archive* a) {
    const char* text = archive_error_string(a);
    return text ? text : "no reason given";
}

std::string baseName(const std::string& archivePath) {
    std::string name = archivePath;
    while (!name.empty() && name.back() == '/') name.pop_back();
    const auto slash = name.find_last_of('/');
    return slash == std::string::npos ? name : name.substr(slash + 1);
}

// Why a member's path could land outside the target folder if it were
// unpacked as named, or empty when it could not. Backslashes count as
// separators too, as they are on Windows.
std::string climbsOut(const std::string& path) {
    if (path.empty()) return "it has an empty name";
    if (path.front() == '/' || path.front() == '\\') return "it has an absolute path";
    if (path.size() >= 2 && path[1] == ':') return "it has a drive-letter path";
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = path.find_first_of("/\\", start);
        const std::string part = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (part == "..") return "its path climbs out of the folder with '..'";
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {};
}

std::string typeName(unsigned int type) {
    switch (type) {
    case AE_IFLNK: return "a symbolic link";
    case AE_IFCHR: return "a character device";
    case AE_IFBLK: return "a block device";
    case AE_IFIFO: return "a named pipe (FIFO)";
    case AE_IFSOCK: return "a socket";
    default: return "not a regular file";
    }
}

// Opens `path` for libarchive, refusing anything but a regular file before
// reading (libarchive would block forever on a FIFO).
void openArchive(archive* a, const fs::path& path, FdGuard& fd) {
#ifdef _WIN32
    requireRegularFile(path);
    const int rc = archive_read_open_filename_w(a, path.c_str(), 1 << 16);
#else
    fd.fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st {};
    if (fd.fd < 0 || ::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        requireRegularFile(path);  // says what it is instead
        throw DataError(path.string() + ": cannot open the archive for reading");
    }
    ::fcntl(fd.fd, F_SETFL, ::fcntl(fd.fd, F_GETFL) & ~O_NONBLOCK);
    const int rc = archive_read_open_fd(a, fd.fd, 1 << 16);
#endif
    if (rc != ARCHIVE_OK)
        throw DataError(path.string() + ": not a tar archive, or a damaged one (libarchive: " + libarchiveSays(a) + ")");
}

// What one call has written so far, removed again if the archive is refused.
class Written {
public:
    ~Written() {
        std::error_code ec;
        if (!kept_)
            for (const fs::path& p : paths_) fs::remove(p, ec);
    }
    void add(const fs::path& p) { paths_.push_back(p); }
    void keep() { kept_ = true; }

private:
    std::vector<fs::path> paths_;
    bool kept_ = false;
};

}  // namespace

std::set<std::string> extractFromTar(const fs::path& archivePath, const fs::path& destDir,
                                     const std::set<std::string>& wanted) {
    const std::string name = archivePath.string();
    ArchivePtr a(archive_read_new());
    if (!a) throw DataError(name + ": cannot read the archive: libarchive failed to initialise");
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());  // ustar, pax and GNU tar
    FdGuard fd;
    openArchive(a.get(), archivePath, fd);

    auto damaged = [&](const std::string& where) {
        return DataError(name + ": not a tar archive, or a damaged or truncated one (" + where +
                         "; libarchive: " + libarchiveSays(a.get()) + ")");
    };

    std::set<std::string> extracted;
    Written written;
    std::uint64_t total = 0;
    std::size_t members = 0;
    std::vector<char> chunk(1 << 16);
    for (;;) {
        archive_entry* entry = nullptr;
        const int rc = archive_read_next_header(a.get(), &entry);
        if (rc == ARCHIVE_EOF) break;
        if (rc < ARCHIVE_WARN) throw damaged("reading member " + std::to_string(members + 1));
        if (++members > kMaxTarMembers)
            throw DataError(name + ": more than " + std::to_string(kMaxTarMembers) +
                            " members; refusing the archive (CIFAR-10's has 9)");
        const char* rawPath = archive_entry_pathname(entry);
        const std::string path = rawPath ? rawPath : "";
        const std::string member = name + ": member '" + path + "'";
        if (const std::string why = climbsOut(path); !why.empty())
            throw DataError(member + ": " + why + "; refusing the archive (nothing outside " + destDir.string() +
                            " may be written)");
        if (const char* target = archive_entry_hardlink(entry))
            throw DataError(member + " is a hard link (to '" + target +
                            "'); refusing the archive: only regular files and folders are unpacked");
        const unsigned int type = archive_entry_filetype(entry);
        if (type == AE_IFDIR) continue;
        if (type != AE_IFREG) {
            const char* link = archive_entry_symlink(entry);
            throw DataError(member + " is " + typeName(type) + (link ? " (to '" + std::string(link) + "')" : "") +
                            "; refusing the archive: only regular files and folders are unpacked");
        }
        const std::string base = baseName(path);
        if (!wanted.count(base)) continue;  // the next header skips its data
        if (extracted.count(base))
            throw DataError(member + ": a second file named " + base + "; refusing an archive that holds it twice");
        const std::uint64_t declared = archive_entry_size_is_set(entry) ? std::uint64_t(archive_entry_size(entry)) : 0;
        if (declared > kMaxTarMemberBytes)
            throw DataError(member + " unpacks to " + std::to_string(declared) + " bytes, more than the " +
                            byteSizeText(kMaxTarMemberBytes) + " one member may hold (CIFAR-10's biggest is 30.7 MB)");

        const fs::path target = destDir / base;
        const fs::path part = destDir / (base + ".part");
        std::error_code ec;
        fs::remove(part, ec);  // a link left under that name must not be followed
        written.add(part);
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        if (!out) throw DataError(part.string() + ": cannot create file to extract into");
        std::uint64_t size = 0;
        for (;;) {
            const la_ssize_t n = archive_read_data(a.get(), chunk.data(), chunk.size());
            if (n == 0) break;
            if (n < 0) throw damaged("data of member '" + path + "'");
            size += std::uint64_t(n);
            total += std::uint64_t(n);
            if (size > kMaxTarMemberBytes)
                throw DataError(member + " unpacks to more than the " + byteSizeText(kMaxTarMemberBytes) +
                                " one member may hold (CIFAR-10's biggest is 30.7 MB)");
            if (total > kMaxTarTotalBytes)
                throw DataError(name + ": the wanted members unpack to more than " + byteSizeText(kMaxTarTotalBytes) +
                                " together (CIFAR-10's are 184 MB); refusing the archive");
            out.write(chunk.data(), std::streamsize(n));
        }
        out.close();
        if (!out) throw DataError(part.string() + ": write error while extracting (disk full?)");
        written.add(target);
        fs::rename(part, target, ec);
        if (ec) throw DataError(target.string() + ": cannot move the extracted file into place: " + ec.message());
        extracted.insert(base);
    }
    written.keep();
    return extracted;
}

}  // namespace cnnwb
