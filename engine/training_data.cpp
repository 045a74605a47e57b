#include "training_data.h"

#include "data/data_locator.h"
#include "cancellation.h"
#include "errors.h"

#include <cmath>

namespace cnnwb {

static Dataset load(const DataSettings& s, DataSplit split, const std::filesystem::path& dir) {
    Dataset d = s.dataset == "cifar10" ? loadCifar10(split, dir) : loadMnist(split, dir);
    if (!s.classes.empty()) d = selectClasses(d, s.classes);
    return d;
}

TrainingData prepareTrainingData(const DataSettings& s, const std::filesystem::path& dataDir,
                                 const LoadProgress& progress) {
    TrainingData out;
    Dataset train;
    if (s.isImageFolder()) {
        ImageFolderRequest request = imageFolderRequest(s.folder);
        request.progress = progress;
        ImageFolderData folder = loadImageFolder(request);
        train = std::move(folder.train);
        out.test = std::move(folder.test);
        out.skipped = std::move(folder.skipped);
        if (!s.classes.empty()) {
            train = selectClasses(train, s.classes);
            out.test = selectClasses(out.test, s.classes);
        }
    } else {
        train = load(s, DataSplit::Train, dataDir);
        throwIfCancelled();
        out.test = load(s, DataSplit::Test, dataDir);
    }
    throwIfCancelled();
    if (s.perClass > 0) train = capPerClass(train, std::size_t(s.perClass));
    const auto held = std::size_t(std::llround(double(train.size()) * s.validationSplit));
    if (held > 0) {
        if (held >= train.size()) throw DataError("validation_split " + std::to_string(s.validationSplit) + " leaves no training images");
        auto split = splitLast(train, held);
        out.train = std::move(split.train);
        out.validation = std::move(split.validation);
    } else {
        out.train = std::move(train);
    }
    return out;
}

}  // namespace cnnwb
