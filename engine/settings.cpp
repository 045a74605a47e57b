#include "settings.h"

#include "data/image_convert.h"
#include "errors.h"
#include "losses/loss.h"
#include "optimizers/optimizer.h"

#include <algorithm>

namespace cnnwb {

const std::vector<DatasetKind>& datasetKinds() {
    static const std::vector<DatasetKind> kinds{
        {"mnist", "MNIST", "28×28 grey digits", Shape{1, 28, 28}, {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
        {"cifar10", "CIFAR-10", "32×32 colour images", Shape{3, 32, 32},
         {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}},
        // Shape: the default image_size and color_mode; classes: the folder's.
        {kImageFolderDataset, "Image folder", "your own images, one subfolder per class", Shape{3, 32, 32}, {}},
    };
    return kinds;
}

static std::string listOf(const std::vector<std::string>& names) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return list;
}

static std::vector<std::string> datasetIds() {
    std::vector<std::string> ids;
    for (const DatasetKind& k : datasetKinds()) ids.push_back(k.id);
    return ids;
}

const DatasetKind& datasetKind(const std::string& id) {
    for (const DatasetKind& k : datasetKinds())
        if (k.id == id) return k;
    throw SpecError("unknown data set '" + id + "'; known data sets are: " + listOf(datasetIds()));
}

const std::vector<std::string>& datasetClassNames(const std::string& dataset) {
    for (const DatasetKind& k : datasetKinds())
        if (k.id == dataset) return k.classNames;
    return datasetKinds().front().classNames;
}

Json defaultOptimizerConfig() {
    static const Json config = Optimizer::create(Json{{"type", "SGD"}}, "optimizer")->config();
    return config;
}

// ---- training ----

TrainingSettings TrainingSettings::fromJson(const Json& object, const std::string& where) {
    TrainingSettings t;
    LayerArgs a(object, within(where, "training"));
    // Keras's alias "mse" is written back under its full name.
    t.loss = Loss::canonicalName(a.choice("loss", t.loss, Loss::spellings()));
    t.batchSize = a.integer("batch_size", t.batchSize, 1, 65536);
    t.epochs = a.integer("epochs", t.epochs, 1, 100000);
    t.seed = std::uint32_t(a.integer64("seed", t.seed, 0, kMaxSeed));
    if (a.has("optimizer")) {
        a.accept("optimizer");
        Json opt = object["optimizer"];
        if (opt.is_string()) opt = Json{{"type", opt.get<std::string>()}};
        t.optimizer = Optimizer::create(opt, within(where, "training.optimizer"))->config();
    }
    if (a.has("lr_schedule")) {
        a.accept("lr_schedule");
        Json schedule = object["lr_schedule"];
        if (schedule.is_string()) schedule = Json{{"type", schedule.get<std::string>()}};
        t.lrSchedule = LrSchedule::fromJson(schedule, where);
    }
    if (a.has("weight_history")) {
        a.accept("weight_history");
        t.weightHistory = WeightHistorySettings::fromJson(object["weight_history"], within(where, "training.weight_history"));
    }
    a.finish();
    return t;
}

Json TrainingSettings::toJson() const {
    return {{"loss", loss},         {"optimizer", optimizer}, {"lr_schedule", lrSchedule.toJson()},
            {"batch_size", batchSize}, {"epochs", epochs},    {"seed", seed},
            {"weight_history", weightHistory.toJson()}};
}

// ---- data ----

Augmentation Augmentation::fromJson(const Json& object, const std::string& where) {
    Augmentation g;
    LayerArgs a(object, within(where, "data.augmentation"));
    g.rotationRange = a.number("rotation_range", g.rotationRange, 0, 180);
    g.widthShiftRange = a.number("width_shift_range", g.widthShiftRange, 0, 0.9);
    g.heightShiftRange = a.number("height_shift_range", g.heightShiftRange, 0, 0.9);
    g.horizontalFlip = a.boolean("horizontal_flip", g.horizontalFlip);
    g.channelShiftRange = a.number("channel_shift_range", g.channelShiftRange, 0, 255);
    a.finish();
    return g;
}

Json Augmentation::toJson() const {
    return {{"rotation_range", rotationRange}, {"width_shift_range", widthShiftRange},
            {"height_shift_range", heightShiftRange}, {"horizontal_flip", horizontalFlip},
            {"channel_shift_range", channelShiftRange}};
}

// The image-folder fields; `a` reads the data object they sit in.
static ImageFolderSettings readImageFolder(LayerArgs& a) {
    ImageFolderSettings f;
    f.path = a.string("path", f.path);
    const auto [h, w] = a.pair("image_size", std::pair{f.height, f.width}, 1, kMaxConvertedSide);
    f.height = h;
    f.width = w;
    f.colorMode = a.choice("color_mode", f.colorMode, {"rgb", "grayscale"});
    f.cropToAspectRatio = a.boolean("crop_to_aspect_ratio", f.cropToAspectRatio);
    f.padToAspectRatio = a.boolean("pad_to_aspect_ratio", f.padToAspectRatio);
    if (f.cropToAspectRatio && f.padToAspectRatio)
        a.fail("pad_to_aspect_ratio", "false when crop_to_aspect_ratio is true (an image is either cropped or padded)");
    if (a.has("background")) f.background = a.integerList("background", 3, 0, {255, 255, 255});
    f.testSplit = a.number("test_split", f.testSplit, 0.01, 0.9);
    f.splitSeed = std::uint32_t(a.integer64("split_seed", f.splitSeed, 0, kMaxSeed));
    return f;
}

static const std::vector<std::string>& imageFolderFields() {
    static const std::vector<std::string> fields{"path", "image_size", "color_mode", "crop_to_aspect_ratio",
                                                 "pad_to_aspect_ratio", "background", "test_split", "split_seed"};
    return fields;
}

DataSettings DataSettings::fromJson(const Json& object, const std::string& where) {
    DataSettings d;
    LayerArgs a(object, within(where, "data"));
    d.dataset = a.choice("dataset", d.dataset, datasetIds());
    if (d.isImageFolder()) {
        d.folder = readImageFolder(a);
    } else {
        for (const std::string& field : imageFolderFields())
            if (a.has(field))
                throw SpecError(within(a.label(), "field '" + field + "' belongs to an image folder (dataset '" +
                                                      kImageFolderDataset + "'); dataset '" + d.dataset +
                                                      "' has no such field"));
    }
    const auto& known = datasetKind(d.dataset).classNames;
    if (a.has("classes")) {
        a.accept("classes");
        const Json& c = object["classes"];
        const std::string knownList = d.isImageFolder() ? "the names of the folder's subfolders" : listOf(known);
        // An empty list means every class, as leaving the field out does.
        if (!c.is_array() || c.size() == 1)
            a.fail("classes", "a list of at least two class names of " + d.dataset + " (" + knownList + ")");
        for (const auto& x : c) {
            std::string name = x.is_string() ? x.get<std::string>()
                               : x.is_number_integer() ? std::to_string(x.get<long long>()) : std::string();
            // A folder's classes are known once it is read: checked then (selectClasses).
            if (d.isImageFolder() && name.empty())
                a.fail("classes", "a list of class names (subfolder names)");
            if (!d.isImageFolder() && std::find(known.begin(), known.end(), name) == known.end())
                throw SpecError(a.label() + ": field 'classes' names '" + (name.empty() ? x.dump() : name) +
                                "', which is not a class of " + d.dataset + "; known classes are: " + knownList);
            if (std::find(d.classes.begin(), d.classes.end(), name) != d.classes.end())
                throw SpecError(a.label() + ": field 'classes' lists '" + name + "' twice");
            d.classes.push_back(name);
        }
    }
    d.perClass = a.integer("per_class", d.perClass, 0, 1 << 24);
    d.validationSplit = a.number("validation_split", d.validationSplit, 0, 0.9);
    d.testEachEpoch = a.boolean("test_each_epoch", d.testEachEpoch);
    d.rescale = a.number("rescale", d.rescale, 1e-6, 1.0);
    if (a.has("augmentation")) {
        a.accept("augmentation");
        d.augmentation = Augmentation::fromJson(object["augmentation"], where);
    }
    a.finish();
    return d;
}

Json DataSettings::toJson() const {
    Json d = {{"dataset", dataset}, {"per_class", perClass}, {"validation_split", validationSplit},
              {"test_each_epoch", testEachEpoch}, {"rescale", rescale}, {"augmentation", augmentation.toJson()}};
    d["classes"] = classes;
    if (isImageFolder()) {
        d["path"] = folder.path;
        d["image_size"] = {folder.height, folder.width};
        d["color_mode"] = folder.colorMode;
        d["crop_to_aspect_ratio"] = folder.cropToAspectRatio;
        d["pad_to_aspect_ratio"] = folder.padToAspectRatio;
        d["background"] = folder.background;
        d["test_split"] = folder.testSplit;
        d["split_seed"] = folder.splitSeed;
    }
    return d;
}

std::optional<int> DataSettings::knownClassCount() const {
    if (!classes.empty()) return int(classes.size());
    if (isImageFolder()) return std::nullopt;
    return int(datasetClassNames(dataset).size());
}

Shape DataSettings::imageShape() const {
    if (isImageFolder()) return Shape{folder.channels(), folder.height, folder.width};
    return datasetKind(dataset).imageShape;
}

// ---- the experiment ----

ReportedFigure ReportedFigure::fromJson(const Json& object, const std::string& where) {
    ReportedFigure f;
    LayerArgs r(object, within(where, "reported"));
    f.metric = r.choice("metric", std::nullopt, {"test_accuracy", "test_error", "val_accuracy"});
    f.value = r.number("value", std::nullopt, 0, 1);
    f.source = r.string("source", f.source);
    f.note = r.string("note", f.note);
    r.finish();
    return f;
}

Json ReportedFigure::toJson() const {
    Json j = {{"metric", metric}, {"value", value}};
    if (!source.empty()) j["source"] = source;
    if (!note.empty()) j["note"] = note;
    return j;
}

ExperimentSettings ExperimentSettings::read(LayerArgs& a, const Json& object, const std::string& where) {
    ExperimentSettings s;
    s.id = a.string("id", s.id);
    s.name = a.string("name", s.name);
    s.experiment = a.string("experiment", s.experiment);
    s.description = a.string("description", s.description);
    if (a.has("reported")) {
        a.accept("reported");
        s.reported = ReportedFigure::fromJson(object["reported"], where);
    }
    if (a.has("training")) {
        a.accept("training");
        s.training = TrainingSettings::fromJson(object["training"], where);
    }
    if (a.has("data")) {
        a.accept("data");
        s.data = DataSettings::fromJson(object["data"], where);
    }
    return s;
}

ExperimentSettings ExperimentSettings::fromJson(const Json& object, const std::string& where) {
    LayerArgs a(object, where.empty() ? std::string("settings") : where);
    ExperimentSettings s = read(a, object, where);
    a.finish();
    return s;
}

Json ExperimentSettings::toJson() const {
    Json j = Json::object();
    if (!id.empty()) j["id"] = id;
    if (!name.empty()) j["name"] = name;
    if (!experiment.empty()) j["experiment"] = experiment;
    if (!description.empty()) j["description"] = description;
    if (reported) j["reported"] = reported->toJson();
    j["training"] = training.toJson();
    j["data"] = data.toJson();
    return j;
}

}  // namespace cnnwb
