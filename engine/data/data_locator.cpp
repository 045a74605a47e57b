#include "data_locator.h"

#include "../errors.h"
#include "cifar_reader.h"
#include "downloader.h"
#include "idx_reader.h"

#include <cstdlib>
#include <optional>
#include <system_error>

namespace cnnwb {

namespace fs = std::filesystem;

namespace {

std::string envValue(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

// Anything there but a folder counts as the file: a FIFO or a device under a
// data file's name is then refused by the reader with a clear message,
// rather than passed over as if absent.
bool isPresent(const fs::path& p) {
    std::error_code ec;
    const fs::file_type type = fs::status(p, ec).type();
    return type != fs::file_type::not_found && type != fs::file_type::none && type != fs::file_type::directory;
}

// "name.gz" when present (what the downloader writes), else "name", else nothing.
std::optional<fs::path> findFile(const fs::path& dir, const std::string& name) {
    if (isPresent(dir / (name + ".gz"))) return dir / (name + ".gz");
    if (isPresent(dir / name)) return dir / name;
    return std::nullopt;
}

struct Search {
    std::string title;                   // "MNIST training data"
    std::vector<std::string> required;   // base file names, without ".gz"
    std::vector<std::string> optional;   // used when present in the same folder
    std::vector<std::string> subdirs;    // tried in each base dir, "" = the base itself
    std::string datasetId;               // for `cnnwb download <id>`
};

struct Found {
    std::vector<fs::path> required;
    std::vector<fs::path> optional;  // empty path where absent
};

std::string joinNames(const std::vector<std::string>& names, const std::string& suffix = "[.gz]") {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += (i + 1 == names.size()) ? " and " : ", ";
        text += names[i] + suffix;
    }
    return text;
}

// Where to get the data: into `folder` when one was named, else the cache.
std::string howToGet(const Search& search, const fs::path& namedFolder) {
    const DatasetSource source = datasetSource(search.datasetId);
    std::string files;
    for (std::size_t i = 0; i < source.files.size(); ++i) files += (i ? ", " : "") + source.files[i].name;
    const std::string site = source.mirrors.empty() ? std::string("its public site") : source.mirrors.front();
    const std::string unpack = source.extractTarGz ? " and unpack it" : "";
    if (!namedFolder.empty())
        return "To get it there, run `cnnwb download " + search.datasetId + " --data " + namedFolder.string() +
               "` (it saves into " + (namedFolder / search.datasetId).string() + "), or download " + files + " from " +
               site + unpack + " into " + namedFolder.string() + "; or name no folder to use $CNNWB_DATA or the user cache.";
    const fs::path cache = userCacheDataDir();
    std::string text = "To get it, run `cnnwb download " + search.datasetId + "`";
    if (!cache.empty()) text += " (it saves into " + (cache / search.datasetId).string() + ")";
    return text + ", or download " + files + " from " + site + unpack +
           " into one of the folders above, or point CNNWB_DATA or --data at the folder that holds them.";
}

// The required files in `dir`, or nothing with `missing` listing those absent.
std::optional<Found> tryFolder(const Search& search, const fs::path& dir, std::vector<std::string>& missing) {
    Found found;
    missing.clear();
    for (const std::string& name : search.required) {
        if (auto p = findFile(dir, name))
            found.required.push_back(*p);
        else
            missing.push_back(name);
    }
    if (!missing.empty()) return std::nullopt;
    for (const std::string& name : search.optional) found.optional.push_back(findFile(dir, name).value_or(fs::path()));
    return found;
}

const char* kNamedOnly = "Only the folder named is searched: $CNNWB_DATA and the user cache are not.\n";

// A named folder is the only place looked at.
Found locateInNamed(const Search& search, const fs::path& folder) {
    std::error_code ec;
    const fs::file_type type = fs::status(folder, ec).type();
    if (type != fs::file_type::directory) {
        const std::string what = type == fs::file_type::not_found ? "does not exist" : "is not a folder";
        throw MissingDataError(search.title + " not found: the folder named, " + folder.string() + ", " + what + ".\n" +
                        kNamedOnly + howToGet(search, folder), search.datasetId);
    }
    std::vector<std::string> looked, missing, fewestMissing;
    std::string partial;
    for (const std::string& sub : search.subdirs) {
        const fs::path dir = sub.empty() ? folder : folder / sub;
        if (auto found = tryFolder(search, dir, missing)) return *found;
        looked.push_back(dir.string());
        if (fewestMissing.empty() || missing.size() < fewestMissing.size()) fewestMissing = missing;
        if (missing.size() < search.required.size())
            partial += "  " + dir.string() + " has some of the files but not " + joinNames(missing) + "\n";
    }
    std::string message = search.title + " not found in the folder named, " + folder.string() + ": it lacks " +
                          joinNames(fewestMissing) + ".\nLooked in " + joinNames(looked, "") + ".\n";
    if (!partial.empty()) message += "Incomplete:\n" + partial;
    throw MissingDataError(message + kNamedOnly + howToGet(search, folder), search.datasetId);
}

Found locate(const Search& search, const fs::path& namedFolder) {
    if (!namedFolder.empty()) return locateInNamed(search, namedFolder);
    std::string searched;
    std::string partial;
    std::vector<std::string> missing;
    for (const DataSearchDir& base : dataSearchDirs({})) {
        for (const std::string& sub : search.subdirs) {
            const fs::path dir = sub.empty() ? base.path : base.path / sub;
            searched += "  " + dir.string() + "   (" + base.origin + ")\n";
            if (auto found = tryFolder(search, dir, missing)) return *found;
            if (missing.size() < search.required.size())
                partial += "  " + dir.string() + " has some of the files but not " + joinNames(missing) + "\n";
        }
    }
    std::string message = search.title + " not found.\nLooked for " + joinNames(search.required) + " in:\n" + searched;
    if (!partial.empty()) message += "Incomplete:\n" + partial;
    if (envValue("CNNWB_DATA").empty()) message += "(CNNWB_DATA is not set.)\n";
    throw MissingDataError(message + howToGet(search, {}), search.datasetId);
}

}  // namespace

fs::path userCacheDataDir() {
    // XDG says a relative $XDG_CACHE_HOME is invalid and must be ignored.
    const std::string xdg = envValue("XDG_CACHE_HOME");
    if (!xdg.empty() && fs::path(xdg).is_absolute()) return fs::path(xdg) / "cnn-workbench" / "data";
#ifdef _WIN32
    const std::string local = envValue("LOCALAPPDATA");
    if (!local.empty()) return fs::path(local) / "cnn-workbench" / "data";
#endif
    const std::string home = envValue("HOME");
    if (!home.empty()) return fs::path(home) / ".cache" / "cnn-workbench" / "data";
    return {};
}

std::vector<DataSearchDir> dataSearchDirs(const fs::path& namedFolder) {
    if (!namedFolder.empty()) return {{namedFolder, "named folder"}};
    std::vector<DataSearchDir> dirs;
    const std::string env = envValue("CNNWB_DATA");
    if (!env.empty()) dirs.push_back({fs::path(env), "CNNWB_DATA"});
    const fs::path cache = userCacheDataDir();
    if (!cache.empty()) dirs.push_back({cache, "user cache"});
    return dirs;
}

MnistFiles locateMnist(DataSplit split, const fs::path& namedFolder) {
    const bool train = split == DataSplit::Train;
    Search search;
    search.title = train ? "MNIST training data" : "MNIST test data";
    search.required = {train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte",
                       train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte"};
    search.subdirs = {"mnist", ""};
    search.datasetId = "mnist";
    const Found found = locate(search, namedFolder);
    return {found.required[0], found.required[1]};
}

CifarFiles locateCifar10(DataSplit split, const fs::path& namedFolder) {
    const bool train = split == DataSplit::Train;
    Search search;
    search.title = train ? "CIFAR-10 training data" : "CIFAR-10 test data";
    if (train)
        for (int i = 1; i <= 5; ++i) search.required.push_back("data_batch_" + std::to_string(i) + ".bin");
    else
        search.required = {"test_batch.bin"};
    search.optional = {"batches.meta.txt"};
    search.subdirs = {"cifar10", "cifar-10-batches-bin", "cifar10/cifar-10-batches-bin", ""};
    search.datasetId = "cifar10";
    const Found found = locate(search, namedFolder);
    return {found.required, found.optional[0]};
}

Dataset loadMnist(DataSplit split, const fs::path& namedFolder) {
    const MnistFiles files = locateMnist(split, namedFolder);
    return readMnist(files.images, files.labels, split == DataSplit::Train ? "mnist-train" : "mnist-test");
}

Dataset loadCifar10(DataSplit split, const fs::path& namedFolder) {
    const CifarFiles files = locateCifar10(split, namedFolder);
    return readCifar10(files.batches, files.meta, split == DataSplit::Train ? "cifar10-train" : "cifar10-test");
}

}  // namespace cnnwb
