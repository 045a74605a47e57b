// The model spec file: a versioned JSON document holding the layers (Keras
// names and arguments) and the experiment's settings (engine/settings.h:
// training, data, the figure its authors reported). Loading checks every
// field, every layer and every shape, and whether the model fits its data; a
// mistake is a SpecError that names the field and what was expected.
#pragma once

#include "layer_args.h"
#include "network.h"
#include "settings.h"

#include <filesystem>
#include <string>

namespace cnnwb {

inline constexpr const char* kSpecFormat = "cnn-workbench-model";
inline constexpr int kSpecVersion = 1;

// An experiment: its settings plus the layers of its model.
struct ModelSpec : ExperimentSettings {
    Json layers = Json::array();  // as written: disabled layers and spelling kept

    // Parses and validates a whole spec, layers and shapes included.
    // `where` names the source ("e1.json", "preset 'e1-lenet1988'").
    static ModelSpec fromJson(const Json& doc, const std::string& where);
    static ModelSpec fromText(const std::string& text, const std::string& where);
    static ModelSpec fromFile(const std::string& path);
    Json toJson() const;
    // The document for `settings` and `layers` (layers as given, not checked).
    static Json document(const ExperimentSettings& settings, const Json& layers);

    const ExperimentSettings& settings() const { return *this; }
    ExperimentSettings& settings() { return *this; }

    // A network for these layers (validated; not yet set up).
    Network buildNetwork() const;
    std::optional<int> knownClassCount() const { return data.knownClassCount(); }

private:
    static ModelSpec read(const Json& doc, const std::string& where);
};

// Points `spec` at an image folder (--data-folder, "Open image folder…"):
// dataset "folder" at `folder`, images resized to the Input layer's size in
// its colour mode, and no class subset (the old one named the built-in data
// set's classes; the folder's are its subfolders). The published figure goes
// too: it was measured on other data, and a chart or verdict comparing a run
// on these images with it would not be true. Other settings stay.
// Throws SpecError when the Input layer takes neither 1 nor 3 channels.
void useImageFolder(ModelSpec& spec, const std::filesystem::path& folder);

}  // namespace cnnwb
