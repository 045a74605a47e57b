// The real MNIST files from $CNNWB_DATA (CI sets it to the shared data folder):
// counts, the label histogram from the data README, and that the reader gives
// back the canonical bytes (MD5 of header + pixels = the published MD5 of the
// uncompressed file); a load is abandoned at the interruption point after
// a cancel is asked for, and those points come at least every mebibyte.
#include "test_data_util.h"

#include "engine/data/data_locator.h"
#include "engine/data/md5.h"
#include "engine/cancellation.h"
#include "engine/training_data.h"

#include <QTest>

#include <numeric>

using namespace cnnwb;
using namespace testdata;
namespace fs = std::filesystem;

namespace {

// What the uncompressed IDX image file looked like: its header, then the pixels.
std::string imageFileMd5(const Dataset& d) {
    Bytes header;
    appendBigEndian32(header, 0x00000803);
    appendBigEndian32(header, std::uint32_t(d.size()));
    appendBigEndian32(header, std::uint32_t(d.sampleShape.h));
    appendBigEndian32(header, std::uint32_t(d.sampleShape.w));
    Md5 md5;
    md5.update(header.data(), header.size());
    md5.update(d.pixels.data(), d.pixels.size());
    return md5.hexDigest();
}

std::string labelFileMd5(const Dataset& d) {
    Bytes bytes;
    appendBigEndian32(bytes, 0x00000801);
    appendBigEndian32(bytes, std::uint32_t(d.size()));
    for (int label : d.labels) bytes += char(label);
    return md5Hex(bytes.data(), bytes.size());
}

}  // namespace

class TestDataMnistReal : public QObject {
    Q_OBJECT

private:
    fs::path dataDir_;

private slots:
    void initTestCase() {
        const QByteArray env = qgetenv("CNNWB_DATA");
        if (env.isEmpty()) {
            if (qgetenv("CI") == "true") QFAIL("CNNWB_DATA is not set in CI: it must point at the shared data folder");
            QFAIL("CNNWB_DATA is not set: point it at the folder that holds mnist/ (the shared data folder beside the project)");
        }
        dataDir_ = fs::absolute(fs::path(env.toStdString()));
        if (!fs::is_directory(dataDir_))
            QFAIL(qPrintable(QString("CNNWB_DATA=%1 is not a folder (resolved to %2 from %3)")
                                 .arg(QString(env), QString::fromStdString(dataDir_.string()),
                                      QString::fromStdString(fs::current_path().string()))));
    }

    void trainingSet() {
        const Dataset train = loadMnist(DataSplit::Train, dataDir_);
        QCOMPARE(train.size(), std::size_t(60000));
        QCOMPARE(train.sampleShape, (Shape{1, 28, 28}));
        QCOMPARE(classCounts(train),
                 (std::vector<std::size_t>{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}));
        QCOMPARE(imageFileMd5(train), std::string("6bbc9ace898e44ae57da46a324031adb"));
        QCOMPARE(labelFileMd5(train), std::string("a25bea736e30d166cdddb491f175f624"));

        // First pixels: the famous first digit is a 5, on a black border.
        QCOMPARE(train.labels[0], 5);
        const std::uint8_t* first = train.samplePixels(0);
        QCOMPARE(int(first[0]), 0);
        QCOMPARE(int(first[27]), 0);
        QCOMPARE(int(first[28 * 28 - 1]), 0);
        const int ink = std::accumulate(first, first + 28 * 28, 0, [](int n, std::uint8_t p) { return n + (p > 127); });
        QVERIFY2(ink > 50 && ink < 300, qPrintable(QString("%1 bright pixels in the first digit").arg(ink)));
        QCOMPARE(int(*std::max_element(first, first + 28 * 28)), 255);
    }

    void testSet() {
        const Dataset test = loadMnist(DataSplit::Test, dataDir_);
        QCOMPARE(test.size(), std::size_t(10000));
        QCOMPARE(test.name, std::string("mnist-test"));
        QCOMPARE(classCounts(test), (std::vector<std::size_t>{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}));
        QCOMPARE(imageFileMd5(test), std::string("2646ac647ad5339dbf082846283269ea"));
        QCOMPARE(labelFileMd5(test), std::string("27ae3e4e09519cfbb04c329615203637"));
        QCOMPARE(test.labels[0], 7);
    }

    // Experiment E4's split of the real training set.
    void e4Split() {
        const TrainValidationSplit split = splitLast(loadMnist(DataSplit::Train, dataDir_), 10000);
        QCOMPARE(split.train.size(), std::size_t(50000));
        QCOMPARE(split.validation.size(), std::size_t(10000));
        QCOMPARE(split.train.labels[0], 5);
    }

    // What the window's Stop and Close rely on while data loads.
    void loadingStopsAtTheFirstInterruptionPointAfterACancel() {
        DataSettings settings;  // MNIST, all classes
        int asked = 0;
        {
            CancellationScope counting([&] { return ++asked, false; });
            const TrainingData data = prepareTrainingData(settings, dataDir_);
            QCOMPARE(data.train.size() + data.validation.size(), std::size_t(60000));
        }
        // 47 MB of training pixels and 7.8 MB of test pixels read in chunks of
        // at most 1 MiB: at least one point per chunk.
        QVERIFY2(asked >= 55, qPrintable(QString("%1 interruption points").arg(asked)));

        const int cancelAt = asked / 2;  // inside the training images
        int seen = 0;
        CancellationScope cancelling([&] { return ++seen >= cancelAt; });
        QVERIFY_THROWS_EXCEPTION(Cancelled, prepareTrainingData(settings, dataDir_));
        QCOMPARE(seen, cancelAt);  // not one chunk more was read
    }

    void scopesNestAndOutsideThemNothingIsCancelled() {
        throwIfCancelled();  // no scope: never throws
        bool outer = false;
        CancellationScope outerScope([&] { return outer; });
        {
            CancellationScope inner([] { return true; });
            QVERIFY_THROWS_EXCEPTION(Cancelled, throwIfCancelled());
        }
        throwIfCancelled();  // the outer scope applies again
        outer = true;
        QVERIFY_THROWS_EXCEPTION(Cancelled, throwIfCancelled());
    }
};

QTEST_GUILESS_MAIN(TestDataMnistReal)
#include "test_data_mnist_real.moc"
