#include "model_spec.h"

#include "data/image_convert.h"

#include "errors.h"
#include "json_text.h"
#include "memory_estimate.h"

namespace cnnwb {

// Every field is read through LayerArgs, which checks types first; a JSON
// library exception reaching here would be a gap in those checks, and still
// becomes a message instead of ending the process.
ModelSpec ModelSpec::fromJson(const Json& doc, const std::string& where) {
    try {
        return read(doc, where);
    } catch (const Json::exception& e) {
        throw SpecError(within(where, std::string("unexpected content (") + e.what() + ")"));
    }
}

ModelSpec ModelSpec::read(const Json& doc, const std::string& where) {
    ModelSpec s;
    LayerArgs a(doc, where);
    const std::string format = a.string("format", std::nullopt);
    if (format != kSpecFormat)
        throw SpecError(within(where, "field 'format' must be \"" + std::string(kSpecFormat) + "\"; got \"" + format +
                                          "\" - this is not a CNN Workbench model file"));
    const int version = a.integer("version", std::nullopt, 1, 1 << 20);
    if (version > kSpecVersion)
        throw SpecError(within(where, "written by a newer CNN Workbench (model format version " + std::to_string(version) +
                                          "; this version reads up to " + std::to_string(kSpecVersion) + "); please update"));
    s.settings() = ExperimentSettings::read(a, doc, where);
    if (!doc.contains("layers")) a.fail("layers", "a list of layer objects, starting with an Input layer");
    a.accept("layers");
    s.layers = doc["layers"];
    a.finish();

    // Layers and shapes, then whether the output fits the data.
    Network net;
    try {
        net = s.buildNetwork();
    } catch (const SpecError& e) {
        throw SpecError(within(where, e.what()));
    }
    const Shape out = net.outputShape();
    // An image folder's class count is known once the folder is read: the trainer checks it then.
    if (const auto classes = s.knownClassCount(); classes && (!out.isFlat() || out.c != *classes))
        throw SpecError(within(where, "the last layer ('" + net.rows().back().name + "') gives " + out.str() +
                                          " outputs, but " + s.data.dataset + " has " + std::to_string(*classes) +
                                          " classes here; end the model with Dense(units=" + std::to_string(*classes) +
                                          ")"));
    const Shape in = net.inputShape();
    const Shape images = s.data.imageShape();
    if (in != images)
        throw SpecError(within(where, "the Input layer takes " + in.str() + " images, but " + s.data.dataset +
                                          " images are " + images.str() +
                                          (s.data.isImageFolder() ? " (set data.image_size and data.color_mode to the "
                                                                    "Input layer's size and channels)"
                                                                  : "")));
    try {
        checkTrainingMemory(net, s.training);
    } catch (const SpecError& e) {
        throw SpecError(within(where, e.what()));
    }
    return s;
}

ModelSpec ModelSpec::fromText(const std::string& text, const std::string& where) {
    return fromJson(parseJson(text, where), where);
}

ModelSpec ModelSpec::fromFile(const std::string& path) {
    return fromText(readRegularFile(path, kMaxSpecFileBytes, "model spec"), path);
}

Network ModelSpec::buildNetwork() const { return Network::fromJson(layers); }

Json ModelSpec::document(const ExperimentSettings& settings, const Json& layers) {
    Json j = settings.toJson();
    j["format"] = kSpecFormat;
    j["version"] = kSpecVersion;
    j["layers"] = layers;
    return j;
}

Json ModelSpec::toJson() const { return document(settings(), layers); }

void useImageFolder(ModelSpec& spec, const std::filesystem::path& folder) {
    const Shape in = spec.buildNetwork().inputShape();
    if (in.c != 1 && in.c != 3)
        throw SpecError("the Input layer takes " + in.str() + " images; an image folder gives 1 (grayscale) or 3 "
                        "(rgb) channels");
    if (in.h > kMaxConvertedSide || in.w > kMaxConvertedSide)
        throw SpecError("the Input layer takes " + in.str() + " images; an image folder's images are at most " +
                        std::to_string(kMaxConvertedSide) + " pixels on a side");
    DataSettings& data = spec.data;
    if (!data.isImageFolder()) {
        data.classes.clear();
        spec.reported.reset();
    }
    data.dataset = kImageFolderDataset;
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(folder, ec);
    data.folder.path = (ec ? folder : absolute).lexically_normal().string();
    data.folder.height = in.h;
    data.folder.width = in.w;
    data.folder.colorMode = in.c == 1 ? "grayscale" : "rgb";
}

}  // namespace cnnwb
