// The settings of an experiment apart from its layers: what it is (name,
// description, the figure its authors reported), how it trains (loss,
// optimizer, batch size, epochs, seed) and on what data (dataset, class
// subset, per-class cap, validation split, scaling, augmentation).
//
// Every default lives in the struct initialisers below and nowhere else:
// fromJson() starts from a default-constructed struct and reads over it, so
// a field a document leaves out keeps its initialiser; toJson() writes every
// field. Mistakes are SpecErrors naming the field and what was expected
// (engine/setting_path.h reads and writes one setting by its path).
#pragma once

#include "data/dataset.h"
#include "layer_args.h"
#include "lr_schedule.h"
#include "tensor.h"
#include "weight_history.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb {

// The built-in data sets: what a spec's data.dataset may name.
struct DatasetKind {
    std::string id;           // "mnist"
    std::string title;        // "MNIST"
    std::string description;  // "28×28 grey digits"
    Shape imageShape;         // channels, height, width
    std::vector<std::string> classNames;
};
const std::vector<DatasetKind>& datasetKinds();
// The data set id of a user's image folder (classes and image size come from
// the folder and its settings, not from datasetKinds()).
inline constexpr const char* kImageFolderDataset = "folder";
// Throws SpecError listing the known ids.
const DatasetKind& datasetKind(const std::string& id);
// Class names of a built-in data set (MNIST's when `dataset` is unknown).
const std::vector<std::string>& datasetClassNames(const std::string& dataset);

// The optimizer a spec gets when it names none: SGD with its Keras defaults.
Json defaultOptimizerConfig();

// A seed is any 32-bit unsigned value (specs, sessions, --seed, sweeps).
inline constexpr std::int64_t kMaxSeed = 4294967295LL;

struct TrainingSettings {
    std::string loss = "categorical_crossentropy";
    Json optimizer = defaultOptimizerConfig();  // full config, defaults filled in by the optimizer
    LrSchedule lrSchedule;                      // how the optimizer's learning_rate changes over the run
    int batchSize = 32;
    int epochs = 10;
    std::uint32_t seed = 1;  // 0 .. kMaxSeed
    WeightHistorySettings weightHistory;  // how often the filters are copied as the run trains

    static TrainingSettings fromJson(const Json& object, const std::string& where);
    Json toJson() const;
    bool operator==(const TrainingSettings&) const = default;
};

// Keras ImageDataGenerator names and meanings.
struct Augmentation {
    double rotationRange = 0;      // degrees, ±
    double widthShiftRange = 0;    // fraction of the width, ±
    double heightShiftRange = 0;   // fraction of the height, ±
    bool horizontalFlip = false;
    double channelShiftRange = 0;  // in pixel units (0..255 scale), ±

    bool any() const {
        return rotationRange > 0 || widthShiftRange > 0 || heightShiftRange > 0 || horizontalFlip || channelShiftRange > 0;
    }
    static Augmentation fromJson(const Json& object, const std::string& where);
    Json toJson() const;
    bool operator==(const Augmentation&) const = default;
};

// How the images of an image folder (dataset "folder") become samples, in
// the names of Keras' image_dataset_from_directory where it has them.
struct ImageFolderSettings {
    std::string path;                           // DIR/<class>/*.png|jpg, or DIR/train/… and DIR/test/…
    int height = 32;                            // image_size [h, w]: every image is resized to it
    int width = 32;
    std::string colorMode = "rgb";              // "rgb" | "grayscale"
    bool cropToAspectRatio = false;             // centre-crop to the target's aspect ratio before resizing
    bool padToAspectRatio = false;              // or fit inside it and pad with the background
    std::vector<int> background{0, 0, 0};       // RGB that transparent pixels and padding show
    double testSplit = 0.2;                     // held out as the test set when there is no test/ folder
    std::uint32_t splitSeed = 0;                // which images that split holds out

    int channels() const { return colorMode == "grayscale" ? 1 : 3; }
    bool operator==(const ImageFolderSettings&) const = default;
};

struct DataSettings {
    std::string dataset = "mnist";         // an id of datasetKinds()
    ImageFolderSettings folder;            // dataset "folder" only (written only then)
    std::vector<std::string> classes;      // subset by class name; empty = all
    int perClass = 0;                      // at most this many training images per class; 0 = all
    double validationSplit = 0;            // fraction of training images held out for validation
    bool testEachEpoch = true;             // score the test set after every epoch
    double rescale = kUnitPixelScale;      // pixel multiplier; 1 feeds raw 0..255
    Augmentation augmentation;

    static DataSettings fromJson(const Json& object, const std::string& where);
    Json toJson() const;
    // Classes the data will have; nothing for an image folder with no class
    // list, whose classes are its subfolders (known once it is read).
    std::optional<int> knownClassCount() const;
    // {channels, height, width} of every sample.
    Shape imageShape() const;
    bool isImageFolder() const { return dataset == kImageFolderDataset; }
    bool operator==(const DataSettings&) const = default;
};

// What the experiment's authors reported, to draw as a reference.
struct ReportedFigure {
    std::string metric;  // "test_accuracy" | "test_error" | "val_accuracy"
    double value = 0;
    std::string source;
    std::string note;

    static ReportedFigure fromJson(const Json& object, const std::string& where);
    Json toJson() const;
    bool operator==(const ReportedFigure&) const = default;
};

struct ExperimentSettings {
    std::string id;           // preset id, e.g. "e1-lenet1988"; may be empty
    std::string name;         // human title
    std::string experiment;   // "E1".."E5" or empty
    std::string description;
    std::optional<ReportedFigure> reported;
    TrainingSettings training;
    DataSettings data;

    // An object with (some of) the keys toJson() writes; nothing else.
    static ExperimentSettings fromJson(const Json& object, const std::string& where);
    Json toJson() const;
    bool operator==(const ExperimentSettings&) const = default;

    // Reads this struct's keys from a larger document (a whole spec), for
    // ModelSpec::fromJson; `args` reads `object` and checks unknown fields after.
    static ExperimentSettings read(LayerArgs& args, const Json& object, const std::string& where);
};

}  // namespace cnnwb
