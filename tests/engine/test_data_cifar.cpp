// CIFAR-10 binary reader on generated files in the real layout (the real data
// set is not on test machines): parsing, class names, the airplane+ship subset
// of experiment E2, per-class caps, and bad files: gzip bombs and data sets
// over the sample cap refused as they are read, FIFOs without hanging.
#include "test_data_hostile.h"
#include "test_data_util.h"

#include "engine/data/cifar_reader.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace cnnwb;
using namespace testdata;
namespace fs = std::filesystem;

namespace {

// Labels 0..9 repeating: `count` records.
std::vector<int> cyclingLabels(std::size_t count) {
    std::vector<int> labels(count);
    for (std::size_t i = 0; i < count; ++i) labels[i] = int(i % 10);
    return labels;
}

}  // namespace

class TestDataCifar : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    fs::path path(const std::string& name) const { return fs::path(tmp_.path().toStdString()) / name; }

private slots:
    void initTestCase() { QVERIFY(tmp_.isValid()); }

    void readsBatchesInOrderAsChw_data() {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("raw") << false;
        QTest::newRow("gz") << true;
    }
    void readsBatchesInOrderAsChw() {
        QFETCH(bool, gzipped);
        auto write = gzipped ? writeGz : writeRaw;
        const std::string suffix = gzipped ? ".bin.gz" : ".bin";
        write(path("b1" + suffix), cifarRecords(cyclingLabels(12), 0));
        write(path("b2" + suffix), cifarRecords({3, 8}, 12));
        const Dataset d = readCifar10({path("b1" + suffix), path("b2" + suffix)}, {}, "cifar-mini");
        QCOMPARE(d.size(), std::size_t(14));
        QCOMPARE(d.sampleShape, (Shape{3, 32, 32}));
        QCOMPARE(d.pixels.size(), std::size_t(14 * 3072));
        QCOMPARE(d.classNames, cifar10ClassNames());
        QCOMPARE(d.labels[11], 1);
        QCOMPARE(d.labels[13], 8);
        // Sample 13, blue plane (channel 2), row 31, column 5.
        QCOMPARE(d.samplePixels(13)[2 * 1024 + 31 * 32 + 5], cifarPixel(13, 2, 31, 5));
        QCOMPARE(d.samplePixels(0)[0], cifarPixel(0, 0, 0, 0));
    }

    void standardClassNames() {
        const auto& names = cifar10ClassNames();
        QCOMPARE(names.size(), std::size_t(10));
        QCOMPARE(names[0], std::string("airplane"));
        QCOMPARE(names[8], std::string("ship"));
        QCOMPARE(names[9], std::string("truck"));
    }

    void classNamesFromMetaFile() {
        writeRaw(path("meta.txt"), "a0\nb1\r\nc2\nd3\ne4\nf5\ng6\nh7\ni8\nj9\n\n");
        writeRaw(path("one.bin"), cifarRecords({9}));
        const Dataset d = readCifar10({path("one.bin")}, path("meta.txt"), "x");
        QCOMPARE(d.classNames.front(), std::string("a0"));
        QCOMPARE(d.classNames[1], std::string("b1"));  // CR stripped
        QCOMPARE(d.classNames.back(), std::string("j9"));

        writeRaw(path("short-meta.txt"), "cat\ndog\nbird\n");
        const QString msg = dataErrorOf([&] { readCifarClassNames(path("short-meta.txt")); });
        QVERIFY_CONTAINS(msg, "short-meta.txt");
        QVERIFY_CONTAINS(msg, "expected 10 class names, one per line, but found 3");
    }

    void airplaneShipSubsetRemapsLabels() {
        writeRaw(path("all.bin"), cifarRecords(cyclingLabels(40)));
        const Dataset all = readCifar10({path("all.bin")}, {}, "all");

        const Dataset two = selectClasses(all, std::vector<std::string>{"airplane", "ship"});
        QCOMPARE(two.size(), std::size_t(8));
        QCOMPARE(two.classNames, (std::vector<std::string>{"airplane", "ship"}));
        QCOMPARE(two.labels, (std::vector<int>{0, 1, 0, 1, 0, 1, 0, 1}));
        // File order kept: the second sample is record 8 (the first ship).
        QCOMPARE(two.samplePixels(1)[100], cifarPixel(8, 0, 3, 4));

        // Order given decides the labels: ship first means ship = 0.
        const Dataset reversed = selectClasses(all, std::vector<std::string>{"ship", "airplane"});
        QCOMPARE(reversed.labels.front(), 1);  // record 0 is an airplane
        QCOMPARE(reversed.classNames.front(), std::string("ship"));

        const QString msg = dataErrorOf([&] { selectClasses(all, std::vector<std::string>{"plane"}); });
        QVERIFY_CONTAINS(msg, "no class 'plane'");
        QVERIFY_CONTAINS(msg, "airplane, automobile");
    }

    void perClassCapKeepsTheFirstOfEachClass() {
        writeRaw(path("cap.bin"), cifarRecords(cyclingLabels(50)));  // 5 of each class
        const Dataset all = readCifar10({path("cap.bin")}, {}, "all");
        const Dataset two = capPerClass(selectClasses(all, std::vector<std::string>{"airplane", "ship"}), 2);
        QCOMPARE(two.size(), std::size_t(4));
        QCOMPARE(classCounts(two), (std::vector<std::size_t>{2, 2}));
        // The first two airplanes are records 0 and 10; the first two ships 8 and 18.
        QCOMPARE(two.samplePixels(0)[0], cifarPixel(0, 0, 0, 0));
        QCOMPARE(two.samplePixels(1)[0], cifarPixel(8, 0, 0, 0));
        QCOMPARE(two.samplePixels(2)[0], cifarPixel(10, 0, 0, 0));
        QCOMPARE(two.samplePixels(3)[0], cifarPixel(18, 0, 0, 0));
        QCOMPARE(capPerClass(all, 100).size(), all.size());
    }

    void sizeNotAMultipleOfTheRecord_data() {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("raw") << false;
        QTest::newRow("gz") << true;
    }
    void sizeNotAMultipleOfTheRecord() {
        QFETCH(bool, gzipped);
        Bytes b = cifarRecords({1, 2});
        b.resize(b.size() - 100);
        (gzipped ? writeGz : writeRaw)(path("cut.bin"), b);
        const QString msg = dataErrorOf([&] { readCifar10({path("cut.bin")}, {}, "x"); });
        QVERIFY_CONTAINS(msg, "cut.bin");
        QVERIFY_CONTAINS(msg, "6046 bytes is not a multiple of 3073");
        QVERIFY_CONTAINS(msg, "1 label byte + 3072 pixel bytes");
    }

    void emptyFile() {
        writeRaw(path("empty.bin"), "");
        const QString msg = dataErrorOf([&] { readCifar10({path("empty.bin")}, {}, "x"); });
        QVERIFY_CONTAINS(msg, "empty.bin: the file is empty");
    }

    void labelOutOfRange() {
        writeGz(path("bad-label.bin.gz"), cifarRecords({1, 2, 10}));
        const QString msg = dataErrorOf([&] { readCifar10({path("bad-label.bin.gz")}, {}, "x"); });
        QVERIFY_CONTAINS(msg, "bad-label.bin.gz");
        QVERIFY_CONTAINS(msg, "record 2 has label 10, out of range; expected 0..9");
    }

    void missingFile() {
        const QString msg = dataErrorOf([&] { readCifar10({path("data_batch_9.bin")}, {}, "x"); });
        QVERIFY_CONTAINS(msg, "data_batch_9.bin: file not found");
    }

    // A .gz of 70 MiB of zeros is a valid-looking run of black airplanes, but
    // more than any real batch: refused at the cap, not read to its end.
    void gzipBombIsRefusedAtTheCap() {
        writeGzZeros(path("data_batch_1.bin.gz"), {}, std::uint64_t(70) << 20);
        QVERIFY(fs::file_size(path("data_batch_1.bin.gz")) < (std::uint64_t(1) << 20));
        const QString msg = dataErrorOf([&] { readCifar10({path("data_batch_1.bin.gz")}, {}, "x"); });
        QVERIFY_CONTAINS(msg, QString::fromStdString(path("data_batch_1.bin.gz").string()) +
                                  ": decompresses to more than 64 MiB; a CIFAR-10 batch file is at most 64 MiB here "
                                  "(a real one is 10000 records, 30.7 MB)");
        // A real batch (10000 records) fits with room to spare.
        QVERIFY(std::uint64_t(10000) * kCifarRecordBytes < kMaxCifarBatchBytes / 2);
    }

    void rawFileOverTheCapIsRefused() {
        {
            std::ofstream big(path("huge.bin"), std::ios::binary);
            big.seekp(std::streamoff(kCifarRecordBytes * 30000 - 1));  // sparse: takes no disk
            big.put('\0');
        }
        const QString msg = dataErrorOf([&] { readCifar10({path("huge.bin")}, {}, "x"); });
        QVERIFY_CONTAINS(msg, "huge.bin: is larger than 64 MiB; a CIFAR-10 batch file is at most 64 MiB");
    }

    // The sample cap over several files: checked before the new file's
    // records are reserved (raw) or as each arrives (gzip).
    void dataSetOverTheSampleCap_data() {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("raw") << false;
        QTest::newRow("gz") << true;
    }
    void dataSetOverTheSampleCap() {
        QFETCH(bool, gzipped);
        const fs::path p = path(gzipped ? "two.bin.gz" : "two.bin");
        (gzipped ? writeGz : writeRaw)(p, cifarRecords({1, 2}));
        Dataset data;
        data.name = "x";
        data.sampleShape = Shape{3, 32, 32};
        data.labels.assign(kMaxCifarSamples - 1, 0);  // as if earlier batches held that many
        const QString msg = dataErrorOf([&] { appendCifarBatch(p, data); });
        QVERIFY_CONTAINS(msg, QString::fromStdString(p.string()) + ": with this file the data set would hold 100001 "
                                  "images, more than the 100000 a CIFAR-10 data set may hold here");
        // Raw: refused from the file size before a record is read; gzip: after the one that fitted.
        QCOMPARE(data.size(), gzipped ? kMaxCifarSamples : kMaxCifarSamples - 1);
    }

    void metaFileOverItsCap() {
        writeRaw(path("big-meta.txt"), Bytes(5000, 'a'));
        const QString msg = dataErrorOf([&] { readCifarClassNames(path("big-meta.txt")); });
        QVERIFY_CONTAINS(msg, "big-meta.txt: is larger than 4 KiB; a CIFAR-10 class-name file is ten short lines");
    }

    void fifoIsRefusedWithoutHanging() {
        const fs::path fifo = path("pipes") / "test_batch.bin";
        QVERIFY(makeFifo(fifo));
        const TimedError batch = dataErrorReadingFifo(fifo, [&] { readCifar10({fifo}, {}, "x"); });
        QVERIFY_CONTAINS(batch.message, QString::fromStdString(fifo.string()) +
                                            ": is a named pipe (FIFO), which could keep a reader waiting forever");
        QVERIFY2(batch.seconds < 2, qPrintable(QString("took %1 s").arg(batch.seconds)));
        const TimedError meta = dataErrorReadingFifo(fifo, [&] { readCifarClassNames(fifo); });
        QVERIFY_CONTAINS(meta.message, "is a named pipe (FIFO)");
        QVERIFY2(meta.seconds < 2, qPrintable(QString("took %1 s").arg(meta.seconds)));
        QVERIFY_CONTAINS(dataErrorOf([] { readCifar10({"/dev/zero"}, {}, "x"); }), "/dev/zero: is a device");
    }
};

QTEST_GUILESS_MAIN(TestDataCifar)
#include "test_data_cifar.moc"
