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

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// "name.gz" when present (what the downloader writes), else "name", else nothing.
std::optional<fs::path> findFile(const fs::path& dir, const std::string& name) {
    if (isFile(dir / (name + ".gz"))) return dir / (name + ".gz");
    if (isFile(dir / name)) return dir / name;
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

std::string joinNames(const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += (i + 1 == names.size()) ? " and " : ", ";
        text += names[i] + "[.gz]";
    }
    return text;
}

std::string howToGet(const Search& search) {
    const DatasetSource source = datasetSource(search.datasetId);
    const fs::path cache = userCacheDataDir();
    std::string text = "To get it, run `cnnwb download " + search.datasetId + "`";
    if (!cache.empty()) text += " (it saves into " + (cache / search.datasetId).string() + ")";
    text += ", or download ";
    for (std::size_t i = 0; i < source.files.size(); ++i) text += (i ? ", " : "") + source.files[i].name;
    text += " from " + (source.mirrors.empty() ? std::string("its public site") : source.mirrors.front());
    if (source.extractTarGz) text += " and unpack it";
    text += " into one of the folders above, or point CNNWB_DATA or --data at the folder that holds them.";
    return text;
}

Found locate(const Search& search, const fs::path& explicitDir) {
    std::string searched;
    std::string partial;
    for (const DataSearchDir& base : dataSearchDirs(explicitDir)) {
        for (const std::string& sub : search.subdirs) {
            const fs::path dir = sub.empty() ? base.path : base.path / sub;
            searched += "  " + dir.string() + "   (" + base.origin + ")\n";
            Found found;
            std::vector<std::string> missing;
            for (const std::string& name : search.required) {
                if (auto p = findFile(dir, name))
                    found.required.push_back(*p);
                else
                    missing.push_back(name);
            }
            if (missing.empty()) {
                for (const std::string& name : search.optional) found.optional.push_back(findFile(dir, name).value_or(fs::path()));
                return found;
            }
            if (missing.size() < search.required.size())
                partial += "  " + dir.string() + " has some of the files but not " + joinNames(missing) + "\n";
        }
    }
    std::string message = search.title + " not found.\nLooked for " + joinNames(search.required) + " in:\n" + searched;
    if (!partial.empty()) message += "Incomplete:\n" + partial;
    if (envValue("CNNWB_DATA").empty()) message += "(CNNWB_DATA is not set.)\n";
    throw DataError(message + howToGet(search));
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

std::vector<DataSearchDir> dataSearchDirs(const fs::path& explicitDir) {
    std::vector<DataSearchDir> dirs;
    if (!explicitDir.empty()) dirs.push_back({explicitDir, "--data"});
    const std::string env = envValue("CNNWB_DATA");
    if (!env.empty()) dirs.push_back({fs::path(env), "CNNWB_DATA"});
    const fs::path cache = userCacheDataDir();
    if (!cache.empty()) dirs.push_back({cache, "user cache"});
    return dirs;
}

MnistFiles locateMnist(DataSplit split, const fs::path& explicitDir) {
    const bool train = split == DataSplit::Train;
    Search search;
    search.title = train ? "MNIST training data" : "MNIST test data";
    search.required = {train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte",
                       train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte"};
    search.subdirs = {"mnist", ""};
    search.datasetId = "mnist";
    const Found found = locate(search, explicitDir);
    return {found.required[0], found.required[1]};
}

CifarFiles locateCifar10(DataSplit split, const fs::path& explicitDir) {
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
    const Found found = locate(search, explicitDir);
    return {found.required, found.optional[0]};
}

Dataset loadMnist(DataSplit split, const fs::path& explicitDir) {
    const MnistFiles files = locateMnist(split, explicitDir);
    return readMnist(files.images, files.labels, split == DataSplit::Train ? "mnist-train" : "mnist-test");
}

Dataset loadCifar10(DataSplit split, const fs::path& explicitDir) {
    const CifarFiles files = locateCifar10(split, explicitDir);
    return readCifar10(files.batches, files.meta, split == DataSplit::Train ? "cifar10-train" : "cifar10-test");
}

}  // namespace cnnwb
