// An experiment written out as a PyTorch project that trains on one machine
// or many (`cnnwb export SOURCE --pytorch DIR`, File → Export → PyTorch
// project…), so that a run outgrowing the desktop continues on PyTorch's
// DistributedDataParallel:
//
//   model.py          the layers in order, under their workbench names, each a
//                     class of workbench.py taking the layer's Keras arguments
//   config.json       the spec, training and data settings, where the weights
//                     came from, and the distributed batch rule
//   weights.json/.bin the current weights (trained or freshly initialised)
//   optimizer.json/.bin  the optimizer's state, for a run that has one
//   check.json/.bin   a batch of generated inputs with the engine's outputs,
//                     loss and every parameter gradient (`train.py --check`)
//   train.py, workbench.py, README.md   fixed (resources/pytorch/)
//
// Everything is checked and built in memory first: a layer or setting the
// project cannot give the same meaning is refused, naming it, and nothing is
// written.
#pragma once

#include "../session_file.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb {

struct EmbeddedTextFile {
    const char* name;
    const char* text;
};
// resources/pytorch/*, compiled in.
const std::vector<EmbeddedTextFile>& pytorchProjectFiles();

// What is exported: a spec (weights initialised from its seed) or a stored run.
struct PyTorchExportSource {
    ModelSpec spec;
    const Session* session = nullptr;  // its weights and optimizer state when they fit `spec`
    RunOrigin origin;                  // recorded as the parent of the runs trained from the project
    std::string description;           // "preset e1-lenet1988", "run 20261202-…"
};

struct PyTorchExportResult {
    std::vector<std::filesystem::path> files;
    bool trainedWeights = false;  // false: the spec's initial weights
    int epochsDone = 0;
    int checkSamples = 0;
    double checkLoss = 0;
};

// The number of generated samples in check.json.
inline constexpr int kPyTorchCheckSamples = 8;

// `count` GENERATED images of `image` (pixels of a fixed pseudo-random
// sequence, labels cycling through `classes`), named as generated: inputs
// for checks where no data is needed or none is at hand.
Dataset generatedCheckImages(const Shape& image, int classes, int count);

// Throws SpecError naming the layer or setting that cannot be exported, and
// DataError / FileWriteError naming a file that cannot be written.
PyTorchExportResult exportPyTorchProject(const PyTorchExportSource& source, const std::filesystem::path& folder);

// A Python identifier for a layer name (the name itself when it is one and
// not taken), unique among `taken`, which it joins.
std::string pythonIdentifier(const std::string& name, std::vector<std::string>& taken);
// `value` as a Python literal (true → True, null → None).
std::string pythonLiteral(const Json& value);

}  // namespace cnnwb
