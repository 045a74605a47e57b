// The model spec file: a versioned JSON document holding the layers (Keras
// names and arguments), the training settings and the data settings of one
// experiment, plus the figure its authors reported. Loading checks every
// field; a mistake is a SpecError that names the field and what was expected.
#pragma once

#include "layer_args.h"
#include "network.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb {

inline constexpr const char* kSpecFormat = "cnn-workbench-model";
inline constexpr int kSpecVersion = 1;

struct TrainingSettings {
    std::string loss = "categorical_crossentropy";
    Json optimizer = Json{{"type", "SGD"}};  // full config, defaults filled in
    int batchSize = 32;
    int epochs = 10;
    std::uint32_t seed = 1;
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
};

struct DataSettings {
    std::string dataset = "mnist";         // "mnist" | "cifar10"
    std::vector<std::string> classes;      // subset by class name; empty = all
    int perClass = 0;                      // at most this many training images per class; 0 = all
    double validationSplit = 0;            // fraction of training images held out for validation
    bool testEachEpoch = true;             // score the test set after every epoch
    double rescale = 1.0 / 255.0;          // pixel multiplier; 1 feeds raw 0..255
    Augmentation augmentation;
};

// What the experiment's authors reported, to draw as a reference.
struct ReportedFigure {
    std::string metric;  // "test_accuracy" | "test_error" | "val_accuracy"
    double value = 0;
    std::string source;
    std::string note;
};

struct ModelSpec {
    std::string id;           // preset id, e.g. "e1-lenet1988"; may be empty
    std::string name;         // human title
    std::string experiment;   // "E1".."E5" or empty
    std::string description;
    std::optional<ReportedFigure> reported;
    Json layers = Json::array();
    TrainingSettings training;
    DataSettings data;

    // Parses and validates a whole spec, layers and shapes included.
    // `where` names the source ("e1.json", "preset 'e1-lenet1988'").
    static ModelSpec fromJson(const Json& doc, const std::string& where);
    static ModelSpec fromText(const std::string& text, const std::string& where);
    static ModelSpec fromFile(const std::string& path);
    Json toJson() const;

    // A network for these layers (validated; not yet set up).
    Network buildNetwork() const;
    int classCount() const;  // classes the data will have
};

// Class names of the built-in datasets.
const std::vector<std::string>& datasetClassNames(const std::string& dataset);

}  // namespace cnnwb
