#include "model_spec.h"

#include "errors.h"
#include "losses/loss.h"
#include "optimizers/optimizer.h"

#include <fstream>
#include <sstream>

namespace cnnwb {

const std::vector<std::string>& datasetClassNames(const std::string& dataset) {
    static const std::vector<std::string> mnist{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    static const std::vector<std::string> cifar{"airplane", "automobile", "bird", "cat", "deer",
                                                "dog", "frog", "horse", "ship", "truck"};
    return dataset == "cifar10" ? cifar : mnist;
}

static void parseTraining(const Json& obj, const std::string& where, TrainingSettings& t) {
    LayerArgs a(obj, where + ": training");
    const std::string loss = a.choice("loss", "categorical_crossentropy",
                                      {"mean_squared_error", "mse", "categorical_crossentropy"});
    t.loss = loss == "mse" ? "mean_squared_error" : loss;
    t.batchSize = a.integer("batch_size", 32, 1, 65536);
    t.epochs = a.integer("epochs", 10, 1, 100000);
    t.seed = std::uint32_t(a.number("seed", 1, 0, 4294967295.0));
    Json opt = Json{{"type", "SGD"}};
    if (a.has("optimizer")) {
        a.accept("optimizer");
        opt = obj["optimizer"];
        if (opt.is_string()) opt = Json{{"type", opt.get<std::string>()}};
    }
    t.optimizer = Optimizer::create(opt, where + ": training.optimizer")->config();
    a.finish();
}

static void parseAugmentation(const Json& obj, const std::string& where, Augmentation& g) {
    LayerArgs a(obj, where + ": data.augmentation");
    g.rotationRange = a.number("rotation_range", 0, 0, 180);
    g.widthShiftRange = a.number("width_shift_range", 0, 0, 0.9);
    g.heightShiftRange = a.number("height_shift_range", 0, 0, 0.9);
    g.horizontalFlip = a.boolean("horizontal_flip", false);
    g.channelShiftRange = a.number("channel_shift_range", 0, 0, 255);
    a.finish();
}

static void parseData(const Json& obj, const std::string& where, DataSettings& d) {
    LayerArgs a(obj, where + ": data");
    d.dataset = a.choice("dataset", "mnist", {"mnist", "cifar10"});
    const auto& known = datasetClassNames(d.dataset);
    if (a.has("classes")) {
        a.accept("classes");
        const Json& c = obj["classes"];
        std::string knownList;
        for (const auto& k : known) knownList += (knownList.empty() ? "" : ", ") + k;
        if (!c.is_array() || c.size() < 2)
            a.fail("classes", "a list of at least two class names of " + d.dataset + " (" + knownList + ")");
        for (const auto& x : c) {
            std::string name = x.is_string() ? x.get<std::string>()
                               : x.is_number_integer() ? std::to_string(x.get<int>()) : std::string();
            if (std::find(known.begin(), known.end(), name) == known.end())
                throw SpecError(where + ": data: field 'classes' names '" + (name.empty() ? x.dump() : name) +
                                "', which is not a class of " + d.dataset + "; known classes are: " + knownList);
            if (std::find(d.classes.begin(), d.classes.end(), name) != d.classes.end())
                throw SpecError(where + ": data: field 'classes' lists '" + name + "' twice");
            d.classes.push_back(name);
        }
    }
    d.perClass = a.integer("per_class", 0, 0, 1 << 24);
    d.validationSplit = a.number("validation_split", 0, 0, 0.9);
    d.testEachEpoch = a.boolean("test_each_epoch", true);
    d.rescale = a.number("rescale", 1.0 / 255.0, 1e-6, 1.0);
    if (a.has("augmentation")) {
        a.accept("augmentation");
        parseAugmentation(obj["augmentation"], where, d.augmentation);
    }
    a.finish();
}

ModelSpec ModelSpec::fromJson(const Json& doc, const std::string& where) {
    ModelSpec s;
    LayerArgs a(doc, where);
    const std::string format = a.string("format", std::nullopt);
    if (format != kSpecFormat)
        throw SpecError(where + ": field 'format' must be \"" + kSpecFormat + "\"; got \"" + format +
                        "\" - this is not a CNN Workbench model file");
    const int version = a.integer("version", std::nullopt, 1, 1 << 20);
    if (version > kSpecVersion)
        throw SpecError(where + ": written by a newer CNN Workbench (model format version " + std::to_string(version) +
                        "; this version reads up to " + std::to_string(kSpecVersion) + "); please update");
    s.id = a.string("id", "");
    s.name = a.string("name", "");
    s.experiment = a.string("experiment", "");
    s.description = a.string("description", "");
    if (a.has("reported")) {
        a.accept("reported");
        LayerArgs r(doc["reported"], where + ": reported");
        ReportedFigure f;
        f.metric = r.choice("metric", std::nullopt, {"test_accuracy", "test_error", "val_accuracy"});
        f.value = r.number("value", std::nullopt, 0, 1);
        f.source = r.string("source", "");
        f.note = r.string("note", "");
        r.finish();
        s.reported = f;
    }
    if (!doc.contains("layers")) a.fail("layers", "a list of layer objects, starting with an Input layer");
    a.accept("layers");
    s.layers = doc["layers"];
    if (doc.contains("training")) {
        a.accept("training");
        parseTraining(doc["training"], where, s.training);
    }
    if (doc.contains("data")) {
        a.accept("data");
        parseData(doc["data"], where, s.data);
    }
    a.finish();

    // Layers and shapes, then whether the output fits the data.
    Network net;
    try {
        net = s.buildNetwork();
    } catch (const SpecError& e) {
        throw SpecError(where + ": " + e.what());
    }
    const Shape out = net.outputShape();
    if (!out.isFlat() || out.c != s.classCount())
        throw SpecError(where + ": the last layer ('" + net.rows().back().name + "') gives " + out.str() +
                        " outputs, but " + s.data.dataset + " has " + std::to_string(s.classCount()) +
                        " classes here; end the model with Dense(units=" + std::to_string(s.classCount()) + ")");
    const Shape in = net.inputShape();
    const int channels = s.data.dataset == "cifar10" ? 3 : 1;
    const int side = s.data.dataset == "cifar10" ? 32 : 28;
    if (in.c != channels || in.h != side || in.w != side)
        throw SpecError(where + ": the Input layer takes " + in.str() + " images, but " + s.data.dataset +
                        " images are " + Shape{channels, side, side}.str());
    return s;
}

ModelSpec ModelSpec::fromText(const std::string& text, const std::string& where) {
    Json doc;
    try {
        doc = Json::parse(text);
    } catch (const Json::parse_error& e) {
        throw SpecError(where + ": not valid JSON (" + e.what() + ")");
    }
    return fromJson(doc, where);
}

ModelSpec ModelSpec::fromFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SpecError(path + ": cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return fromText(text.str(), path);
}

Network ModelSpec::buildNetwork() const { return Network::fromJson(layers); }

int ModelSpec::classCount() const {
    return data.classes.empty() ? int(datasetClassNames(data.dataset).size()) : int(data.classes.size());
}

Json ModelSpec::toJson() const {
    Json j = {{"format", kSpecFormat}, {"version", kSpecVersion}};
    if (!id.empty()) j["id"] = id;
    if (!name.empty()) j["name"] = name;
    if (!experiment.empty()) j["experiment"] = experiment;
    if (!description.empty()) j["description"] = description;
    if (reported) {
        j["reported"] = {{"metric", reported->metric}, {"value", reported->value}};
        if (!reported->source.empty()) j["reported"]["source"] = reported->source;
        if (!reported->note.empty()) j["reported"]["note"] = reported->note;
    }
    j["layers"] = layers;
    j["training"] = {{"loss", training.loss}, {"optimizer", training.optimizer}, {"batch_size", training.batchSize},
                     {"epochs", training.epochs}, {"seed", training.seed}};
    Json d = {{"dataset", data.dataset}, {"per_class", data.perClass}, {"validation_split", data.validationSplit},
              {"test_each_epoch", data.testEachEpoch}, {"rescale", data.rescale}};
    if (!data.classes.empty()) d["classes"] = data.classes;
    const Augmentation& g = data.augmentation;
    if (g.any())
        d["augmentation"] = {{"rotation_range", g.rotationRange}, {"width_shift_range", g.widthShiftRange},
                             {"height_shift_range", g.heightShiftRange}, {"horizontal_flip", g.horizontalFlip},
                             {"channel_shift_range", g.channelShiftRange}};
    j["data"] = d;
    return j;
}

}  // namespace cnnwb
