#include "image_folder.h"

#include "data_locator.h"
#include "image_cache.h"
#include "image_decode.h"
#include "md5.h"
#include "../cancellation.h"
#include "../durable_file.h"
#include "../errors.h"
#include "../settings.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

namespace cnnwb {

namespace fs = std::filesystem;

namespace {

// Images decoded between two interruption points / progress reports.
constexpr std::size_t kDecodeChunk = 256;
// Cache files kept (one per folder and conversion).
constexpr std::size_t kCacheFilesKept = 16;

struct Entry {
    fs::path path;
    int label = 0;
    std::uintmax_t size = 0;
    std::int64_t modified = 0;  // the file system's clock ticks
};

struct FolderListing {
    std::vector<std::string> classNames;
    std::vector<Entry> train;
    std::vector<Entry> test;  // empty unless the folder has train/ and test/
    bool ownTestSet = false;
    std::vector<SkippedFile> skipped;
};

std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

bool isHidden(const fs::path& p) { return p.filename().string().rfind('.', 0) == 0; }

// Why a file of a class folder is not an image we read; empty when it is one.
std::string notAnImageReason(const fs::path& p) {
    const std::string ext = lowercase(p.extension().string());
    if (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp") return {};
    if (isHidden(p)) return "hidden file";
    if (ext == ".gif" || ext == ".webp" || ext == ".tif" || ext == ".tiff")
        return ext.substr(1) + " images are not read; convert them to PNG or JPEG";
    return ext.empty() ? "not an image file (no extension)" : "not an image file (" + ext + ")";
}

void checkCount(const fs::path& folder, std::size_t count) {
    if (count > kMaxDatasetSamples)
        throw DataError(folder.string() + ": holds more than " + std::to_string(kMaxDatasetSamples) +
                        " files; an image folder may hold at most that many images");
}

// Every file under a class folder, sorted, walked at most kMaxImageFolderDepth deep.
void listClassFiles(const fs::path& dir, int label, int depth, const fs::path& root, std::vector<Entry>& out,
                    std::vector<SkippedFile>& skipped) {
    std::error_code ec;
    std::vector<fs::directory_entry> children;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) children.push_back(*it);
    if (ec) {
        skipped.push_back({dir, "cannot list the folder (" + ec.message() + ")"});
        return;
    }
    std::sort(children.begin(), children.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const fs::directory_entry& child : children) {
        const fs::file_status status = child.status(ec);  // follows symbolic links
        if (fs::is_directory(status)) {
            if (isHidden(child.path())) skipped.push_back({child.path(), "hidden folder"});
            else if (depth >= kMaxImageFolderDepth)
                skipped.push_back({child.path(), "nested deeper than " + std::to_string(kMaxImageFolderDepth) + " folders"});
            else listClassFiles(child.path(), label, depth + 1, root, out, skipped);
            continue;
        }
        if (!fs::is_regular_file(status)) {
            skipped.push_back({child.path(), fs::exists(status) ? "not a regular file" : "a broken link"});
            continue;
        }
        if (std::string why = notAnImageReason(child.path()); !why.empty()) {
            skipped.push_back({child.path(), why});
            continue;
        }
        Entry e;
        e.path = child.path();
        e.label = label;
        e.size = child.file_size(ec);
        e.modified = std::int64_t(child.last_write_time(ec).time_since_epoch().count());
        out.push_back(std::move(e));
        checkCount(root, out.size());
    }
}

// The class folders of `dir` in byte order; files beside them are skipped.
std::vector<fs::path> classFolders(const fs::path& dir, std::vector<SkippedFile>& skipped) {
    std::error_code ec;
    std::vector<fs::path> classes;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path p = it->path();
        if (fs::is_directory(it->status(ec)) && !isHidden(p)) classes.push_back(p);
        else skipped.push_back({p, isHidden(p) ? "hidden" : "not inside a class folder"});
    }
    if (ec) throw DataError(dir.string() + ": cannot list the folder (" + ec.message() + ")");
    std::sort(classes.begin(), classes.end());
    if (classes.empty())
        throw DataError(dir.string() + ": holds no class folders; an image folder holds one subfolder per class "
                        "(DIR/cats/*.jpg, DIR/dogs/*.jpg), optionally inside DIR/train/ and DIR/test/");
    return classes;
}

FolderListing listFolder(const fs::path& folder) {
    std::error_code ec;
    const fs::file_status status = fs::status(folder, ec);
    if (!fs::exists(status)) throw DataError(folder.string() + ": image folder not found");
    if (!fs::is_directory(status))
        throw DataError(folder.string() + ": is not a folder; an image folder holds one subfolder per class");
    FolderListing listing;
    const bool hasTrain = fs::is_directory(folder / "train", ec), hasTest = fs::is_directory(folder / "test", ec);
    if (hasTrain != hasTest)
        throw DataError(folder.string() + ": has " + (hasTrain ? "train/ but no test/" : "test/ but no train/") +
                        "; give both (a test set of its own) or neither (a share of the images is held out)");
    listing.ownTestSet = hasTrain;
    const fs::path trainRoot = hasTrain ? folder / "train" : folder;
    const std::vector<fs::path> classes = classFolders(trainRoot, listing.skipped);
    for (std::size_t c = 0; c < classes.size(); ++c) {
        listing.classNames.push_back(classes[c].filename().string());
        listClassFiles(classes[c], int(c), 1, folder, listing.train, listing.skipped);
    }
    if (hasTrain) {
        for (const fs::path& dir : classFolders(folder / "test", listing.skipped)) {
            const auto it = std::find(listing.classNames.begin(), listing.classNames.end(), dir.filename().string());
            if (it == listing.classNames.end())
                throw DataError(dir.string() + ": class '" + dir.filename().string() +
                                "' is in test/ but not in train/; the test set's classes must be the training set's");
            listClassFiles(dir, int(it - listing.classNames.begin()), 1, folder, listing.test, listing.skipped);
        }
    }
    checkCount(folder, listing.train.size() + listing.test.size());
    return listing;
}

// Changes whenever a listed file, the class names or the conversion do.
std::string cacheKey(const fs::path& folder, const FolderListing& listing, const ImageConversion& c) {
    Md5 md5;
    auto add = [&](const std::string& s) {
        md5.update(s.data(), s.size());
        md5.update("\n", 1);
    };
    std::error_code ec;
    add("image-folder-cache 1");
    add(fs::weakly_canonical(folder, ec).string());
    add(std::to_string(c.height) + "x" + std::to_string(c.width) + " color " + std::to_string(int(c.color)) +
        " resize " + std::to_string(int(c.resize)) + " background " + std::to_string(c.background[0]) + "," +
        std::to_string(c.background[1]) + "," + std::to_string(c.background[2]));
    for (const std::string& name : listing.classNames) add("class " + name);
    for (const auto* part : {&listing.train, &listing.test}) {
        add("part");
        for (const Entry& e : *part)
            add(std::to_string(e.label) + " " + std::to_string(e.size) + " " + std::to_string(e.modified) + " " +
                e.path.string());
    }
    return md5.hexDigest();
}

// Decodes every entry on oneTBB's threads; each image lands in its own slot,
// so the result does not depend on the thread count.
DecodedImages decodeAll(const std::vector<const Entry*>& entries, const ImageConversion& conversion,
                        std::size_t sampleBytes, const LoadProgress& progress) {
    DecodedImages out;
    out.sampleBytes = sampleBytes;
    out.errors.resize(entries.size());
    out.pixels.resize(entries.size() * sampleBytes);
    for (std::size_t begin = 0; begin < entries.size(); begin += kDecodeChunk) {
        throwIfCancelled();
        const std::size_t end = std::min(entries.size(), begin + kDecodeChunk);
        tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end), [&](const tbb::blocked_range<std::size_t>& r) {
            for (std::size_t i = r.begin(); i < r.end(); ++i) {
                const std::string name = entries[i]->path.string();
                try {
                    const std::vector<std::uint8_t> pixels = convertImage(readImageFile(entries[i]->path), conversion);
                    std::memcpy(out.pixels.data() + i * sampleBytes, pixels.data(), sampleBytes);
                } catch (const Cancelled&) {
                    throw;  // the load ends (oneTBB rethrows it on the calling thread)
                } catch (const std::bad_alloc&) {
                    out.errors[i] = "out of memory while decoding it";
                } catch (const std::exception& e) {
                    std::string why = e.what();
                    // The skipped list names the file already.
                    if (why.rfind(name + ": ", 0) == 0) why.erase(0, name.size() + 2);
                    out.errors[i] = why.empty() ? std::string("cannot be decoded") : why;
                }
            }
        });
        if (progress) progress(end, entries.size());
    }
    return out;
}

// The decoded entries of one part as a data set (failed ones left out).
Dataset datasetOf(const std::vector<Entry>& part, std::size_t first, const DecodedImages& decoded,
                  const FolderListing& listing, const Shape& shape, const std::string& name,
                  std::vector<SkippedFile>& skipped) {
    Dataset d;
    d.name = name;
    d.sampleShape = shape;
    d.classNames = listing.classNames;
    for (std::size_t i = 0; i < part.size(); ++i) {
        const std::size_t slot = first + i;
        if (!decoded.errors[slot].empty()) {
            skipped.push_back({part[i].path, decoded.errors[slot]});
            continue;
        }
        const std::uint8_t* px = decoded.pixels.data() + slot * decoded.sampleBytes;
        d.pixels.insert(d.pixels.end(), px, px + decoded.sampleBytes);
        d.labels.push_back(part[i].label);
    }
    return d;
}

// Every class needs at least one image to learn from.
void requireEveryClass(const Dataset& train, const fs::path& root, const std::vector<SkippedFile>& skipped) {
    const std::vector<std::size_t> counts = classCounts(train);
    for (std::size_t c = 0; c < train.classNames.size(); ++c) {
        if (c < counts.size() && counts[c] > 0) continue;
        const fs::path dir = root / train.classNames[c];
        std::vector<SkippedFile> unread;
        for (const SkippedFile& s : skipped)
            if (s.path.string().rfind(dir.string() + "/", 0) == 0) unread.push_back(s);
        throw DataError(dir.string() + ": class '" + train.classNames[c] + "' has no readable image (" +
                        (unread.empty() ? std::string("the folder is empty") : skippedSummary(unread, 3)) + ")" +
                        "; add PNG, JPEG or BMP images or remove the folder");
    }
}

}  // namespace

std::vector<std::string> imageFolderClassNames(const fs::path& folder) {
    std::error_code ec;
    if (folder.empty() || !fs::is_directory(folder, ec)) return {};
    const fs::path root = fs::is_directory(folder / "train", ec) ? folder / "train" : folder;
    std::vector<SkippedFile> ignored;
    std::vector<std::string> names;
    try {
        for (const fs::path& dir : classFolders(root, ignored)) names.push_back(dir.filename().string());
    } catch (const DataError&) {
        return {};
    }
    return names;
}

fs::path imageCacheDir() {
    const fs::path data = userCacheDataDir();
    return data.empty() ? fs::path() : data / "image-folders";
}

ImageFolderRequest imageFolderRequest(const ImageFolderSettings& s) {
    ImageFolderRequest r;
    r.folder = s.path;
    r.conversion.height = s.height;
    r.conversion.width = s.width;
    r.conversion.color = s.colorMode == "grayscale" ? ColorMode::Grayscale : ColorMode::Rgb;
    r.conversion.resize = s.cropToAspectRatio  ? ResizeMode::CropToAspect
                          : s.padToAspectRatio ? ResizeMode::PadToAspect
                                               : ResizeMode::Stretch;
    for (std::size_t i = 0; i < 3 && i < s.background.size(); ++i)
        r.conversion.background[i] = std::uint8_t(std::clamp(s.background[i], 0, 255));
    r.testSplit = s.testSplit;
    r.splitSeed = s.splitSeed;
    r.cacheDir = imageCacheDir();
    return r;
}

ImageFolderData loadImageFolder(const ImageFolderRequest& request) {
    const fs::path& folder = request.folder;
    if (folder.empty())
        throw DataError("data.path: no image folder given; name a folder that holds one subfolder per class");
    FolderListing listing = listFolder(folder);
    const ImageConversion& c = request.conversion;
    const Shape shape{c.color == ColorMode::Grayscale ? 1 : 3, c.height, c.width};
    const std::size_t sampleBytes = shape.size();
    const std::size_t entries = listing.train.size() + listing.test.size();
    if (std::uint64_t(entries) * sampleBytes > kMaxImageFolderBytes)
        throw DataError(folder.string() + ": " + std::to_string(entries) + " images of " + shape.str() +
                        " would take more than 4 GiB; choose a smaller image_size or fewer images");

    std::vector<const Entry*> all;
    for (const auto* part : {&listing.train, &listing.test})
        for (const Entry& e : *part) all.push_back(&e);

    ImageFolderData out;
    std::string key;
    fs::path cacheFile;
    std::optional<DecodedImages> decoded;
    if (!request.cacheDir.empty()) {
        try {
            key = cacheKey(folder, listing, c);
            cacheFile = request.cacheDir / (key + ".cache");
            decoded = readImageCache(cacheFile, key, entries, sampleBytes);
        } catch (const DataError&) {
            cacheFile.clear();  // no MD5 here (FIPS-only OpenSSL): no cache, nothing else lost
        }
    }
    if (decoded) {
        out.fromCache = true;
        if (request.progress) request.progress(entries, entries);
    } else {
        decoded = decodeAll(all, c, sampleBytes, request.progress);
        out.decoded = entries;
        if (!cacheFile.empty()) {
            try {
                writeImageCache(cacheFile, key, *decoded);
                trimImageCache(request.cacheDir, kCacheFilesKept);
            } catch (const std::exception&) {
                // Only speed is lost: the next open decodes again.
            }
        }
    }

    const std::string base = folder.filename().empty() ? folder.parent_path().filename().string()
                                                        : folder.filename().string();
    out.skipped = std::move(listing.skipped);
    Dataset train = datasetOf(listing.train, 0, *decoded, listing, shape, base + "-train", out.skipped);
    requireEveryClass(train, listing.ownTestSet ? folder / "train" : folder, out.skipped);
    // Interleaved in a seeded order: a validation split (the last images) then holds every class.
    const std::vector<std::size_t> order = shuffledOrder(train.size(), request.splitSeed, 0);
    if (listing.ownTestSet) {
        out.train = subset(train, order);
        out.test = datasetOf(listing.test, listing.train.size(), *decoded, listing, shape, base + "-test", out.skipped);
    } else {
        auto held = std::size_t(std::llround(double(train.size()) * request.testSplit));
        held = std::max<std::size_t>(held, 1);
        if (held >= train.size())
            throw DataError(folder.string() + ": " + std::to_string(train.size()) +
                            " readable images are too few to hold out a test set; add images or a test/ folder");
        out.test = subset(train, std::span(order).first(held));
        out.train = subset(train, std::span(order).subspan(held));
        out.test.name = base + "-test";
        out.train.name = base + "-train";
    }
    return out;
}

std::string skippedSummary(const std::vector<SkippedFile>& skipped, std::size_t named) {
    if (skipped.empty()) return {};
    std::string text = std::to_string(skipped.size()) + (skipped.size() == 1 ? " file skipped: " : " files skipped: ");
    for (std::size_t i = 0; i < skipped.size() && i < named; ++i)
        text += (i ? "; " : "") + skipped[i].path.string() + " (" + skipped[i].reason + ")";
    if (skipped.size() > named) text += "; and " + std::to_string(skipped.size() - named) + " more";
    return text;
}

}  // namespace cnnwb
