// Image folders as data sets (engine/data/image_folder.h) on folders the tests
// write: the class layout (flat with a seeded test split, or train/ + test/),
// nested and empty class folders, files that are skipped and listed with the
// reason, the decode cache (hit, and invalidated when a file changes),
// cancellation, and the spec settings that describe a folder.
#include "engine/cancellation.h"
#include "engine/data/image_decode.h"
#include "engine/data/image_folder.h"
#include "engine/errors.h"
#include "engine/model_spec.h"
#include "engine/presets.h"
#include "engine/trainer.h"
#include "engine/training_data.h"

#include "engine_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace cnnwb;
using enginetest::errorOf;
namespace fs = std::filesystem;

namespace {

// A w×h RGB PNG of one colour.
void writeFlatPng(const fs::path& path, std::uint8_t r, std::uint8_t g, std::uint8_t b, int w = 8, int h = 8) {
    fs::create_directories(path.parent_path());
    std::vector<std::uint8_t> px;
    for (int i = 0; i < w * h; ++i) px.insert(px.end(), {r, g, b});
    writePng(path, px.data(), w, h, 3);
}

void writeText(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

bool mentions(const std::vector<SkippedFile>& skipped, const std::string& name, const std::string& reason) {
    for (const SkippedFile& s : skipped)
        if (s.path.filename() == name && s.reason.find(reason) != std::string::npos) return true;
    return false;
}

}  // namespace

class TestImageFolder : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    fs::path root() const { return fs::path(tmp_.path().toStdString()); }

    ImageFolderRequest request(const fs::path& folder, int size = 4) const {
        ImageFolderRequest r;
        r.folder = folder;
        r.conversion.height = size;
        r.conversion.width = size;
        r.cacheDir = root() / "cache";
        return r;
    }

private slots:
    void initTestCase() {
        // The default cache (prepareTrainingData) goes here, not into the user's.
        qputenv("XDG_CACHE_HOME", QByteArray::fromStdString((root() / "xdg-cache").string()));
    }

    void flatFolderIsSplitBySeedAndListsWhatItSkips() {
        const fs::path dir = root() / "flat";
        for (int i = 0; i < 10; ++i) writeFlatPng(dir / "red" / ("r" + std::to_string(i) + ".png"), 255, 0, 0);
        for (int i = 0; i < 10; ++i) writeFlatPng(dir / "blue" / "deeper" / ("b" + std::to_string(i) + ".PNG"), 0, 0, 255);
        writeText(dir / "red" / "notes.txt", "not an image");
        writeText(dir / "red" / "broken.png", "\x89PNG\r\n\x1a\n and then nothing");
        writeText(dir / "README.md", "beside the classes");

        const ImageFolderData d = loadImageFolder(request(dir));
        QCOMPARE(d.train.classNames, (std::vector<std::string>{"blue", "red"}));  // byte order
        QCOMPARE(d.train.sampleShape, (Shape{3, 4, 4}));
        QCOMPARE(d.train.size() + d.test.size(), std::size_t(20));
        QCOMPARE(d.test.size(), std::size_t(4));  // 20% of 20
        QCOMPARE(d.decoded, std::size_t(21));     // broken.png was tried too
        // Pixels are the files' colours, channel-major, with the class's label.
        for (std::size_t i = 0; i < d.train.size(); ++i) {
            const std::uint8_t* px = d.train.samplePixels(i);
            const bool red = d.train.classNames[std::size_t(d.train.labels[i])] == "red";
            QCOMPARE(int(px[0]), red ? 255 : 0);       // R plane
            QCOMPARE(int(px[2 * 16]), red ? 0 : 255);  // B plane
        }
        QCOMPARE(d.skipped.size(), std::size_t(3));
        QVERIFY(mentions(d.skipped, "notes.txt", "not an image file (.txt)"));
        QVERIFY(mentions(d.skipped, "broken.png", ""));
        QVERIFY(mentions(d.skipped, "README.md", "not inside a class folder"));
        const std::string summary = skippedSummary(d.skipped);
        QVERIFY2(summary.rfind("3 files skipped: ", 0) == 0, summary.c_str());
        QVERIFY(summary.find("broken.png") != std::string::npos);

        // The same seed holds out the same images; another seed others.
        const ImageFolderData again = loadImageFolder(request(dir));
        QCOMPARE(again.test.pixels, d.test.pixels);
        QCOMPARE(again.test.labels, d.test.labels);
        ImageFolderRequest other = request(dir);
        other.splitSeed = 7;
        other.cacheDir.clear();
        const ImageFolderData reseeded = loadImageFolder(other);
        QCOMPARE(reseeded.test.size(), std::size_t(4));
        QVERIFY(reseeded.train.labels != d.train.labels || reseeded.test.labels != d.test.labels);
    }

    void trainAndTestFoldersKeepTheirOwnTestSet() {
        const fs::path dir = root() / "split";
        for (int i = 0; i < 3; ++i) {
            writeFlatPng(dir / "train" / "cat" / ("c" + std::to_string(i) + ".png"), 10, 10, 10);
            writeFlatPng(dir / "train" / "dog" / ("d" + std::to_string(i) + ".png"), 200, 200, 200);
        }
        writeFlatPng(dir / "test" / "dog" / "d.png", 200, 200, 200);
        QCOMPARE(imageFolderClassNames(dir), (std::vector<std::string>{"cat", "dog"}));  // listed, not decoded
        QVERIFY(imageFolderClassNames(dir / "nowhere").empty());
        const ImageFolderData d = loadImageFolder(request(dir));
        QCOMPARE(d.train.size(), std::size_t(6));
        QCOMPARE(d.test.size(), std::size_t(1));
        QCOMPARE(d.test.classNames, (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(d.test.labels, std::vector<int>{1});
        // Training images are interleaved, so a validation split (the last ones) holds both classes.
        QVERIFY(d.train.labels != (std::vector<int>{0, 0, 0, 1, 1, 1}));

        writeFlatPng(dir / "test" / "bird" / "b.png", 1, 2, 3);
        const std::string e = errorOf([&] { loadImageFolder(request(dir)); });
        QVERIFY2(e.find("'bird' is in test/ but not in train/") != std::string::npos, e.c_str());
        fs::remove_all(dir / "test");
        const std::string half = errorOf([&] { loadImageFolder(request(dir)); });
        QVERIFY2(half.find("has train/ but no test/") != std::string::npos, half.c_str());
    }

    void badFoldersAreNamedErrors() {
        QVERIFY(errorOf([&] { loadImageFolder(request(root() / "nowhere")); }).find("image folder not found") !=
                std::string::npos);
        writeText(root() / "a-file", "x");
        QVERIFY(errorOf([&] { loadImageFolder(request(root() / "a-file")); }).find("is not a folder") !=
                std::string::npos);
        fs::create_directories(root() / "no-classes");
        writeText(root() / "no-classes" / "x.png", "x");
        QVERIFY(errorOf([&] { loadImageFolder(request(root() / "no-classes")); }).find("holds no class folders") !=
                std::string::npos);

        // A class with nothing readable is named, with what was skipped in it.
        const fs::path dir = root() / "empty-class";
        writeFlatPng(dir / "full" / "a.png", 1, 1, 1);
        writeFlatPng(dir / "full" / "b.png", 1, 1, 1);
        fs::create_directories(dir / "hollow");
        std::string e = errorOf([&] { loadImageFolder(request(dir)); });
        QVERIFY2(e.find("class 'hollow' has no readable image (the folder is empty)") != std::string::npos, e.c_str());
        writeText(dir / "hollow" / "fake.jpg", "not a jpeg");
        e = errorOf([&] { loadImageFolder(request(dir)); });
        QVERIFY2(e.find("class 'hollow' has no readable image (1 file skipped: ") != std::string::npos, e.c_str());
        QVERIFY2(e.find("fake.jpg") != std::string::npos, e.c_str());
    }

    void theCacheIsUsedUntilAFileChanges() {
        const fs::path dir = root() / "cached";
        for (int i = 0; i < 5; ++i) {
            writeFlatPng(dir / "a" / (std::to_string(i) + ".png"), 50, 60, 70);
            writeFlatPng(dir / "b" / (std::to_string(i) + ".png"), 70, 60, 50);
        }
        const ImageFolderData first = loadImageFolder(request(dir));
        QVERIFY(!first.fromCache);
        QCOMPARE(first.decoded, std::size_t(10));
        const ImageFolderData second = loadImageFolder(request(dir));
        QVERIFY(second.fromCache);
        QCOMPARE(second.decoded, std::size_t(0));
        QCOMPARE(second.train.pixels, first.train.pixels);
        QCOMPARE(second.test.labels, first.test.labels);

        // Another conversion is another cache entry.
        QVERIFY(!loadImageFolder(request(dir, 2)).fromCache);

        // A changed file (new size and time) is decoded again, with its new pixels.
        writeFlatPng(dir / "a" / "0.png", 255, 255, 255, 9, 9);
        fs::last_write_time(dir / "a" / "0.png", fs::last_write_time(dir / "a" / "0.png") + std::chrono::seconds(5));
        const ImageFolderData third = loadImageFolder(request(dir));
        QVERIFY(!third.fromCache);
        bool white = false;
        for (const Dataset* set : {&third.train, &third.test})
            for (std::size_t i = 0; i < set->size(); ++i) white = white || set->samplePixels(i)[0] == 255;
        QVERIFY(white);

        // A damaged cache file is a miss, never an error.
        for (const auto& entry : fs::directory_iterator(root() / "cache"))
            fs::resize_file(entry.path(), fs::file_size(entry.path()) / 2);
        const ImageFolderData fourth = loadImageFolder(request(dir));
        QVERIFY(!fourth.fromCache);
        QCOMPARE(fourth.train.pixels, third.train.pixels);
    }

    void decodingReportsProgressAndCanBeCancelled() {
        const fs::path dir = root() / "many";
        for (int i = 0; i < 300; ++i) writeFlatPng(dir / (i % 2 ? "odd" : "even") / (std::to_string(i) + ".png"), 9, 9, 9, 2, 2);
        ImageFolderRequest r = request(dir);
        r.cacheDir.clear();
        std::vector<std::size_t> reports;
        r.progress = [&](std::size_t done, std::size_t total) {
            QCOMPARE(total, std::size_t(300));
            reports.push_back(done);
        };
        loadImageFolder(r);
        QCOMPARE(reports, (std::vector<std::size_t>{256, 300}));

        int asked = 0;
        CancellationScope cancelAfterTheFirstChunk([&] { return ++asked > 1; });
        r.progress = {};
        QVERIFY_THROWS_EXCEPTION(Cancelled, loadImageFolder(r));
        QVERIFY(asked >= 2);  // not before the first chunk was decoded
    }

    void specsDescribeAFolderInKerasTerms() {
        Json doc = loadPreset("e2-lenet-improved").toJson();
        doc["data"] = Json::parse(R"({"dataset": "folder", "path": "/photos", "image_size": [32, 32],
                                      "color_mode": "rgb", "crop_to_aspect_ratio": true, "background": [255, 255, 255],
                                      "test_split": 0.25, "split_seed": 3, "classes": ["cat", "dog"]})");
        const ModelSpec spec = ModelSpec::fromJson(doc, "folder spec");
        QCOMPARE(spec.data.folder.path, std::string("/photos"));
        QVERIFY(spec.data.folder.cropToAspectRatio);
        QCOMPARE(spec.data.folder.background, (std::vector<int>{255, 255, 255}));
        QCOMPARE(spec.data.imageShape(), (Shape{3, 32, 32}));
        QCOMPARE(spec.knownClassCount(), std::optional<int>(2));
        QCOMPARE(ModelSpec::fromJson(spec.toJson(), "again").data, spec.data);  // round trip

        auto refused = [&](const char* data, const char* expected) {
            Json d = doc;
            d["data"] = Json::parse(data);
            const std::string e = errorOf([&] { ModelSpec::fromJson(d, "spec"); });
            QVERIFY2(e.find(expected) != std::string::npos, (e + " — expected: " + expected).c_str());
        };
        refused(R"({"dataset": "cifar10", "path": "/x"})",
                "field 'path' belongs to an image folder (dataset 'folder'); dataset 'cifar10' has no such field");
        refused(R"({"dataset": "folder", "crop_to_aspect_ratio": true, "pad_to_aspect_ratio": true})",
                "crop_to_aspect_ratio is true");
        refused(R"({"dataset": "folder", "image_size": [28, 28]})", "set data.image_size and data.color_mode");
        refused(R"({"dataset": "folder", "color_mode": "grayscale"})", "set data.image_size");
        refused(R"({"dataset": "folder", "image_size": [0, 5]})", "image_size");
        refused(R"({"dataset": "folder", "background": [0, 0, 256]})", "background");
        refused(R"({"dataset": "folder", "color_mode": "cmyk"})", "color_mode");
    }

    void aSpecTrainsOnAFolderAndTheClassCountIsCheckedThen() {
        const fs::path dir = root() / "train-me";
        for (int i = 0; i < 12; ++i) {
            writeFlatPng(dir / "dark" / (std::to_string(i) + ".png"), 20, 20, 20, 40, 30);
            writeFlatPng(dir / "light" / (std::to_string(i) + ".jpg.png"), 230, 230, 230, 30, 40);
            writeFlatPng(dir / "mid" / (std::to_string(i) + ".png"), 120, 120, 120);
        }
        ModelSpec spec = loadPreset("e2-lenet-improved");
        useImageFolder(spec, dir);
        QCOMPARE(spec.data.dataset, std::string(kImageFolderDataset));
        QVERIFY(spec.data.classes.empty());  // airplane and ship are CIFAR-10's
        QVERIFY(!spec.reported);             // 0.87 was measured on CIFAR-10, not on these images
        QCOMPARE(spec.data.imageShape(), (Shape{3, 32, 32}));
        spec = ModelSpec::fromJson(spec.toJson(), "folder spec");  // valid: the class count is not known yet

        TrainingData data = prepareTrainingData(spec.data);
        QCOMPARE(data.train.classNames.size(), std::size_t(3));
        const std::string e = errorOf([&] { Trainer(spec, data, {}); });
        QVERIFY2(e.find("gives 2 outputs, but train-me-train has 3 classes (dark, light, mid); end the model with "
                        "Dense(units=3)") != std::string::npos, e.c_str());

        spec.data.classes = {"dark", "light"};
        data = prepareTrainingData(spec.data);
        Trainer trainer(spec, data, {.epochs = 1});
        trainer.run();
        QCOMPARE(trainer.history().epochs.size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestImageFolder)
#include "test_image_folder.moc"
