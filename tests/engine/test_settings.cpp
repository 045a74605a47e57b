// Experiment settings and the registry, each concept in one place:
// - the settings structs' defaults are the only defaults (an empty document
//   reads as a default struct; toJson → fromJson is the identity);
// - one setting is read and written by its path, a bad value gets exactly
//   the spec loader's message, an unknown path lists the known names;
// - what changed between two specs is listed by path ("h1.activation: tanh → relu");
// - the registry says what each layer type is (category, tag, arguments a
//   new layer starts with) and the layers say what their parameters are.
#include "engine/errors.h"
#include "engine/layer_registry.h"
#include "engine/presets.h"
#include "engine/setting_path.h"

#include "engine_test_support.h"

#include <QtTest>

using namespace cnnwb;
using enginetest::errorOf;

namespace {

// The message the loader gives for a spec document.
std::string loaderError(const Json& doc) { return errorOf([&] { ModelSpec::fromJson(doc, ""); }); }

#define VERIFY_CONTAINS(text, part) \
    QVERIFY2(std::string(text).find(part) != std::string::npos, qPrintable(QString::fromStdString(std::string(text))))

}  // namespace

class TestSettings : public QObject {
    Q_OBJECT
private slots:
    void emptyDocumentsReadAsTheDefaults() {
        const ExperimentSettings defaults;
        QVERIFY(ExperimentSettings::fromJson(Json::object(), "") == defaults);
        QVERIFY(TrainingSettings::fromJson(Json::object(), "") == TrainingSettings{});
        QVERIFY(DataSettings::fromJson(Json::object(), "") == DataSettings{});
        QVERIFY(Augmentation::fromJson(Json::object(), "") == Augmentation{});
        // The struct defaults are the documented Keras ones.
        QCOMPARE(defaults.training.batchSize, 32);
        QCOMPARE(defaults.training.loss, std::string("categorical_crossentropy"));
        QCOMPARE(defaults.training.optimizer["type"].get<std::string>(), std::string("SGD"));
        QCOMPARE(defaults.training.optimizer["learning_rate"].get<double>(), 0.01);  // SGD's own default
        QCOMPARE(defaults.data.rescale, 1.0 / 255.0);
    }

    void everyPresetRoundTrips_data() {
        QTest::addColumn<QString>("preset");
        for (const std::string& id : presetIds()) QTest::newRow(id.c_str()) << QString::fromStdString(id);
    }
    void everyPresetRoundTrips() {
        QFETCH(QString, preset);
        const ModelSpec spec = loadPreset(preset.toStdString());
        const ExperimentSettings again = ExperimentSettings::fromJson(spec.settings().toJson(), "");
        QVERIFY(again == spec.settings());
        const ModelSpec whole = ModelSpec::fromJson(spec.toJson(), "");
        QVERIFY(whole.settings() == spec.settings());
        QVERIFY(whole.layers == spec.layers);
        QVERIFY(settingChanges(spec, whole).empty());
    }

    void readingByPath() {
        const ModelSpec e1 = loadPreset("e1-lenet1988");
        QCOMPARE(settingValue(e1, "training.batch_size").get<int>(), 16);
        QCOMPARE(settingValue(e1, "training.optimizer.type").get<std::string>(), std::string("SGD"));
        QCOMPARE(settingValue(e1, "data.per_class").get<int>(), 0);
        QCOMPARE(settingValue(e1, "data.augmentation.rotation_range").get<double>(), 0.0);
        QCOMPARE(settingValue(e1, "layers.h1.activation").get<std::string>(), std::string("tanh"));
        QCOMPARE(settingValue(e1, "layers.h1.padding").get<std::string>(), std::string("valid"));  // a default, read
        QCOMPARE(settingValue(e1, "layers.h3.enabled").get<bool>(), true);
        QCOMPARE(settingValue(e1, "name").get<std::string>(), e1.name);
    }

    void writingByPath() {
        ModelSpec spec = loadPreset("e1-lenet1988");
        setSetting(spec, "training.batch_size", 32);
        QCOMPARE(spec.training.batchSize, 32);
        setSetting(spec, "training.optimizer.learning_rate", 0.05);
        QCOMPARE(spec.training.optimizer["learning_rate"].get<double>(), 0.05);
        setSetting(spec, "data.per_class", 100);
        QCOMPARE(spec.data.perClass, 100);
        setSetting(spec, "data.augmentation.rotation_range", 10);
        QCOMPARE(spec.data.augmentation.rotationRange, 10.0);
        setSetting(spec, "layers.h1.activation", "relu");
        QCOMPARE(settingValue(spec, "layers.h1.activation").get<std::string>(), std::string("relu"));
        setSetting(spec, "layers.h3.enabled", false);
        QCOMPARE(spec.buildNetwork().totalParams(), std::size_t(110784 + 416 + 1930));  // E1 without H3
        setSetting(spec, "layers.h3.enabled", true);
        QVERIFY(!spec.layers[4].contains("enabled"));  // a normal layer does not carry it
        setSetting(spec, "training.optimizer.type", "Adam");
        QCOMPARE(spec.training.optimizer["learning_rate"].get<double>(), 0.001);  // Adam's own defaults
        QVERIFY(spec.training.optimizer.contains("beta_2"));
        setSetting(spec, "name", "E1, Adam");
        QCOMPARE(spec.name, std::string("E1, Adam"));
    }

    // A bad value: the loader's own message, and the spec as it was.
    void badValuesGetTheLoadersMessage_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");  // JSON
        QTest::addColumn<QString>("docPath");  // the same change as a JSON pointer into the document
        QTest::newRow("batch 0") << "training.batch_size" << "0" << "/training/batch_size";
        QTest::newRow("batch text") << "training.batch_size" << "\"big\"" << "/training/batch_size";
        QTest::newRow("learning rate < 0") << "training.optimizer.learning_rate" << "-1" << "/training/optimizer/learning_rate";
        QTest::newRow("per class -1") << "data.per_class" << "-1" << "/data/per_class";
        QTest::newRow("split 1") << "data.validation_split" << "1" << "/data/validation_split";
        QTest::newRow("rotation 400") << "data.augmentation.rotation_range" << "400" << "/data/augmentation/rotation_range";
        QTest::newRow("unknown activation") << "layers.h1.activation" << "\"swish\"" << "/layers/1/activation";
        QTest::newRow("filters 0") << "layers.h1.filters" << "0" << "/layers/1/filters";
        QTest::newRow("kernel too big") << "layers.h1.kernel_size" << "30" << "/layers/1/kernel_size";
        QTest::newRow("output units") << "layers.output.units" << "12" << "/layers/5/units";
        QTest::newRow("enabled text") << "layers.h3.enabled" << "\"no\"" << "/layers/4/enabled";
    }
    void badValuesGetTheLoadersMessage() {
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(QString, docPath);
        const ModelSpec original = loadPreset("e1-lenet1988");
        ModelSpec spec = original;
        const Json v = Json::parse(value.toStdString());
        const std::string viaPath = errorOf([&] { setSetting(spec, path.toStdString(), v); });
        QVERIFY2(!viaPath.empty(), "accepted");
        Json doc = original.toJson();
        doc[Json::json_pointer(docPath.toStdString())] = v;
        QCOMPARE(QString::fromStdString(viaPath), QString::fromStdString(loaderError(doc)));
        QVERIFY(spec.toJson() == original.toJson());  // unchanged
    }

    void unknownPathsListTheKnownNames() {
        ModelSpec spec = loadPreset("e1-lenet1988");
        const std::string top = errorOf([&] { settingValue(spec, "trainig.batch_size"); });
        VERIFY_CONTAINS(top, "unknown setting 'trainig.batch_size'");
        VERIFY_CONTAINS(top, "training");
        const std::string inner = errorOf([&] { setSetting(spec, "training.batchsize", 3); });
        VERIFY_CONTAINS(inner, "'training' has no 'batchsize'; known names there are: batch_size, epochs, loss, lr_schedule, optimizer, seed");
        const std::string layer = errorOf([&] { settingValue(spec, "layers.h9.units"); });
        VERIFY_CONTAINS(layer, "'layers' has no 'h9'; known names there are: input, h1, flatten, h2, h3, output");
        const std::string arg = errorOf([&] { setSetting(spec, "layers.h1.units", 3); });
        VERIFY_CONTAINS(arg, "'layers.h1' has no 'units'");
        VERIFY_CONTAINS(arg, "filters");
        const std::string leaf = errorOf([&] { settingValue(spec, "training.epochs.max"); });
        VERIFY_CONTAINS(leaf, "'training.epochs' is a single value");
        VERIFY_CONTAINS(errorOf([&] { setSetting(spec, "layers.h1.type", "Dense"); }), "is not a setting");
        VERIFY_CONTAINS(errorOf([&] { settingValue(spec, "training..seed"); }), "names joined by dots");
    }

    void theSettingsAloneHaveNoLayers() {
        ExperimentSettings s;
        setSetting(s, "data.dataset", "cifar10");
        QCOMPARE(s.data.dataset, std::string("cifar10"));
        VERIFY_CONTAINS(errorOf([&] { setSetting(s, "data.classes", Json::array({"cat"})); }),
                        "data: field 'classes' must be a list of at least two class names of cifar10");
        VERIFY_CONTAINS(errorOf([&] { setSetting(s, "layers.h1.filters", 3); }), "the settings alone have no layers");
    }

    void everyPathCanBeReadBack() {
        const ModelSpec spec = loadPreset("e5-cifar10net");
        const std::vector<std::string> paths = settingPaths(spec);
        QVERIFY(std::find(paths.begin(), paths.end(), "training.optimizer.learning_rate") != paths.end());
        QVERIFY(std::find(paths.begin(), paths.end(), "data.augmentation.horizontal_flip") != paths.end());
        QVERIFY(std::find(paths.begin(), paths.end(), "layers.b1_conv3.filters") != paths.end());
        for (const std::string& p : paths) {
            ModelSpec copy = spec;
            const Json v = settingValue(spec, p);
            setSetting(copy, p, v);  // writing back what is there changes nothing
            QVERIFY2(settingChanges(spec, copy).empty(), p.c_str());
        }
    }

    void changesAreListedByPath() {
        const ModelSpec tanh = loadPreset("e1-lenet1988");
        const ModelSpec relu = loadPreset("e1-relu");
        std::vector<std::string> texts;
        for (const SettingChange& c : settingChanges(tanh, relu)) texts.push_back(c.text());
        QVERIFY2(std::find(texts.begin(), texts.end(), "h1.activation: tanh → relu") != texts.end(),
                 qPrintable(QString::fromStdString(Json(texts).dump())));
        ModelSpec noH3 = tanh;
        setSetting(noH3, "layers.h3.enabled", false);
        setSetting(noH3, "training.batch_size", 32);
        std::vector<std::string> two;
        for (const SettingChange& c : settingChanges(tanh, noH3)) two.push_back(c.text());
        QCOMPARE(two, (std::vector<std::string>{"training.batch_size: 16 → 32", "h3.enabled: true → false"}));
    }

    // Moving to an image folder lists what the person chose (the folder, the
    // dataset), not every folder field that appears with its default.
    void anImageFolderListsOnlyWhatDiffers() {
        const ModelSpec e2 = loadPreset("e2-mlp-relu");
        ModelSpec folder = e2;
        useImageFolder(folder, "/photos");
        std::vector<std::string> texts;
        for (const SettingChange& c : settingChanges(e2, folder)) texts.push_back(c.text());
        const std::string all = Json(texts).dump();
        QVERIFY2(std::find(texts.begin(), texts.end(), "data.dataset: cifar10 → folder") != texts.end(), all.c_str());
        QVERIFY2(std::find(texts.begin(), texts.end(), "data.path: null → /photos") != texts.end(), all.c_str());
        for (const char* quiet : {"data.background", "data.crop_to_aspect_ratio", "data.test_split", "data.split_seed"})
            QVERIFY2(all.find(quiet) == std::string::npos, all.c_str());
        // Back again: the folder's fields at their defaults vanish quietly too.
        std::vector<std::string> back;
        for (const SettingChange& c : settingChanges(folder, e2)) back.push_back(c.text());
        QVERIFY2(Json(back).dump().find("data.background") == std::string::npos, Json(back).dump().c_str());
    }

    void registryDescribesEveryType() {
        for (const LayerType& t : layerTypes()) {
            QVERIFY2(!t.tag.empty() && t.tag.size() <= 3, t.name.c_str());
            QVERIFY2(!t.description.empty(), t.name.c_str());
            QVERIFY2(!layerCategoryName(t.category).empty(), t.name.c_str());
            // A new layer of each type, with the registry's starting arguments, is a valid layer.
            Json object = t.newLayerArgs;
            object["type"] = t.name;
            auto layer = createLayer(object, 1);
            QCOMPARE(layer->type(), t.name);
            QCOMPARE(&layerTypeOf(*layer), &t);
        }
        QCOMPARE(layerBaseName("BatchNormalization"), std::string("batch_normalization"));
        QCOMPARE(layerBaseName("Conv2D"), std::string("conv2d"));
        // The minimal model trains on each built-in data set.
        for (const DatasetKind& k : datasetKinds()) {
            ModelSpec spec;
            spec.data.dataset = k.id;
            if (k.id == kImageFolderDataset) spec.data.classes = {"cats", "dogs"};  // else known once read
            spec.layers = minimalModelLayers(spec.data.imageShape(), *spec.knownClassCount());
            QVERIFY2(errorOf([&] { ModelSpec::fromJson(spec.toJson(), ""); }).empty(), k.id.c_str());
        }
    }

    // Parameters say what they are; the filter view and the trainer rely on it.
    void layersSayWhatTheirParametersAndOutputsAre() {
        const ModelSpec spec = loadPreset("e1-rbf");
        Network net = spec.buildNetwork();
        net.setup(1);
        int filters = 0, centres = 0;
        for (Layer* l : net.activeLayers())
            for (const Param& p : l->params()) {
                filters += p.role == ParamRole::Filter;
                centres += p.role == ParamRole::Centres;
            }
        QCOMPARE(filters, 1);
        QCOMPARE(centres, 1);
        QCOMPARE(net.activeLayers().back()->outputMeaning(), OutputMeaning::Distances);
        Network e1 = loadPreset("e1-crossentropy").buildNetwork();
        QCOMPARE(e1.activeLayers().back()->outputMeaning(), OutputMeaning::Probabilities);
    }
};

QTEST_APPLESS_MAIN(TestSettings)
#include "test_settings.moc"
