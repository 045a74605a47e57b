// MNIST IDX reader on small generated files, raw and gzipped: correct parsing,
// and a clear DataError (naming the file) for every kind of bad file: lying
// headers and gzip bombs refused before any allocation, FIFOs and devices
// refused without hanging.
#include "test_data_hostile.h"
#include "test_data_util.h"

#include "engine/data/idx_reader.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>

using namespace cnnwb;
using namespace testdata;
namespace fs = std::filesystem;

class TestDataIdx : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    fs::path path(const char* name) const { return fs::path(tmp_.path().toStdString()) / name; }

private slots:
    void initTestCase() { QVERIFY(tmp_.isValid()); }

    void readsRawAndGzippedImages_data() {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("raw") << false;
        QTest::newRow("gz") << true;
    }
    void readsRawAndGzippedImages() {
        QFETCH(bool, gzipped);
        const fs::path p = path(gzipped ? "images.gz" : "images");
        (gzipped ? writeGz : writeRaw)(p, idxImages(3, 4, 5));
        const IdxImages images = readIdxImages(p);
        QCOMPARE(images.count, std::size_t(3));
        QCOMPARE(images.rows, 4);
        QCOMPARE(images.cols, 5);
        QCOMPARE(images.pixels.size(), std::size_t(3 * 4 * 5));
        for (std::size_t n = 0; n < 3; ++n)
            for (int r = 0; r < 4; ++r)
                for (int c = 0; c < 5; ++c) QCOMPARE(images.pixels[n * 20 + std::size_t(r) * 5 + std::size_t(c)], idxPixel(n, r, c));
    }

    void readsLabelsAndCombinesIntoDataset() {
        writeGz(path("l.gz"), idxLabels({7, 0, 9}));
        writeRaw(path("i"), idxImages(3, 28, 28));
        QCOMPARE(readIdxLabels(path("l.gz")), (std::vector<int>{7, 0, 9}));
        const Dataset d = readMnist(path("i"), path("l.gz"), "mini");
        QCOMPARE(d.name, std::string("mini"));
        QCOMPARE(d.size(), std::size_t(3));
        QCOMPARE(d.sampleShape, (Shape{1, 28, 28}));
        QCOMPARE(d.numClasses(), 10);
        QCOMPARE(d.classNames[3], std::string("3"));
        QCOMPARE(d.labels[2], 9);
        QCOMPARE(d.samplePixels(2)[28 + 1], idxPixel(2, 1, 1));
    }

    void zeroImagesIsAnEmptyFile() {
        writeRaw(path("empty-set"), idxImages(0, 28, 28));
        QCOMPARE(readIdxImages(path("empty-set")).count, std::size_t(0));
    }

    void missingFile() {
        const QString msg = dataErrorOf([&] { readIdxImages(path("nope.gz")); });
        QVERIFY_CONTAINS(msg, "nope.gz");
        QVERIFY_CONTAINS(msg, "not found");
    }

    void emptyFile() {
        writeRaw(path("zero-bytes"), "");
        const QString msg = dataErrorOf([&] { readIdxImages(path("zero-bytes")); });
        QVERIFY_CONTAINS(msg, "zero-bytes");
        QVERIFY_CONTAINS(msg, "IDX header");
    }

    void wrongMagic_data() {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("raw") << false;
        QTest::newRow("gz") << true;
    }
    void wrongMagic() {
        QFETCH(bool, gzipped);
        auto write = gzipped ? writeGz : writeRaw;
        // A label file given as images, and images as labels: say which it looks like.
        write(path("labels-as-images"), idxLabels({1, 2}));
        QString msg = dataErrorOf([&] { readIdxImages(path("labels-as-images")); });
        QVERIFY_CONTAINS(msg, "labels-as-images");
        QVERIFY_CONTAINS(msg, "magic number is 0x00000801");
        QVERIFY_CONTAINS(msg, "looks like an IDX label file");
        QVERIFY_CONTAINS(msg, "expected 0x00000803");

        write(path("images-as-labels"), idxImages(1, 2, 2));
        msg = dataErrorOf([&] { readIdxLabels(path("images-as-labels")); });
        QVERIFY_CONTAINS(msg, "looks like an IDX image file");
        QVERIFY_CONTAINS(msg, "expected 0x00000801");

        write(path("text"), "hello, this is not IDX at all");
        msg = dataErrorOf([&] { readIdxImages(path("text")); });
        QVERIFY_CONTAINS(msg, "text: not an IDX image file");
        QVERIFY_CONTAINS(msg, "magic number is 0x68656C6C");

        Bytes floats;  // IDX of 32-bit floats: real IDX, unsupported element type
        appendBigEndian32(floats, 0x00000D03);
        write(path("floats"), floats);
        msg = dataErrorOf([&] { readIdxImages(path("floats")); });
        QVERIFY_CONTAINS(msg, "only unsigned bytes are supported");
    }

    void headerDisagreesWithFileSize_data() {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("raw") << false;
        QTest::newRow("gz") << true;
    }
    void headerDisagreesWithFileSize() {
        QFETCH(bool, gzipped);
        auto write = gzipped ? writeGz : writeRaw;

        Bytes shortData = idxImages(3, 4, 5);
        shortData.resize(shortData.size() - 7);  // header says 60 pixel bytes, file holds 53
        write(path("short"), shortData);
        QString msg = dataErrorOf([&] { readIdxImages(path("short")); });
        QVERIFY_CONTAINS(msg, "short");
        QVERIFY_CONTAINS(msg, "header says 3 images of 4×5 (60 bytes after the header)");
        QVERIFY_CONTAINS(msg, gzipped ? "ends after 53 bytes" : "holds 53 bytes");

        write(path("long"), idxImages(3, 4, 5) + "extra");
        msg = dataErrorOf([&] { readIdxImages(path("long")); });
        QVERIFY_CONTAINS(msg, "header says 3 images of 4×5");
        QVERIFY_CONTAINS(msg, gzipped ? "more data than that" : "holds 65 bytes");

        Bytes labels = idxLabels({1, 2, 3});
        labels.pop_back();
        write(path("short-labels"), labels);
        msg = dataErrorOf([&] { readIdxLabels(path("short-labels")); });
        QVERIFY_CONTAINS(msg, "short-labels");
        QVERIFY_CONTAINS(msg, "header says 3 labels");
    }

    // A header claiming ~4.6e18 bytes must fail on the caps, not in an
    // allocation (that would throw std::bad_alloc or kill the process).
    void lyingHeaderDoesNotAllocate_data() {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("raw") << false;
        QTest::newRow("gz") << true;
    }
    void lyingHeaderDoesNotAllocate() {
        QFETCH(bool, gzipped);
        Bytes b;
        appendBigEndian32(b, 0x00000803);
        appendBigEndian32(b, 0xFFFFFFFFu);
        appendBigEndian32(b, 32768);
        appendBigEndian32(b, 32768);
        b += Bytes(1000, '\x01');
        (gzipped ? writeGz : writeRaw)(path("liar"), b);
        const QString msg = dataErrorOf([&] { readIdxImages(path("liar")); });
        QVERIFY_CONTAINS(msg, "liar: the header says 4294967295 images, more than the 1000000 an IDX file may hold");

        Bytes labels;  // the same for labels
        appendBigEndian32(labels, 0x00000801);
        appendBigEndian32(labels, 2000000);
        (gzipped ? writeGz : writeRaw)(path("many-labels"), labels + "\x01\x02");
        QVERIFY_CONTAINS(dataErrorOf([&] { readIdxLabels(path("many-labels")); }),
                         "many-labels: the header says 2000000 labels, more than the 1000000");
    }

    // Few enough images, but of a size that makes the file bigger than the cap.
    void headerOverTheByteCap() {
        Bytes b;
        appendBigEndian32(b, 0x00000803);
        appendBigEndian32(b, 500000);
        appendBigEndian32(b, 28);
        appendBigEndian32(b, 28);
        writeGz(path("big-claim.gz"), b + Bytes(100, '\0'));
        const QString msg = dataErrorOf([&] { readIdxImages(path("big-claim.gz")); });
        QVERIFY_CONTAINS(msg, "big-claim.gz: the header says 500000 images of 28×28 (392000000 bytes)");
        QVERIFY_CONTAINS(msg, "more than the 256 MiB an IDX file may hold here");
        QCOMPARE(kMaxIdxFileBytes, std::uint64_t(256) << 20);
        // Real MNIST fits with room to spare.
        QVERIFY(std::uint64_t(60000) * 28 * 28 + 16 < kMaxIdxFileBytes / 4);
        QVERIFY(60000 <= kMaxIdxCount);
    }

    // A 300 KB .gz that inflates to 300 MB of zeros behind a header claiming
    // 60 GB: refused from the header, without inflating the rest.
    void gzipBombBehindAGreedyHeaderIsRefusedAtOnce() {
        Bytes header;
        appendBigEndian32(header, 0x00000803);
        appendBigEndian32(header, 60000);
        appendBigEndian32(header, 1000);
        appendBigEndian32(header, 1000);
        writeGzZeros(path("train-images-idx3-ubyte.gz"), header, std::uint64_t(300) << 20);
        QVERIFY(fs::file_size(path("train-images-idx3-ubyte.gz")) < (std::uint64_t(1) << 20));
        const auto start = std::chrono::steady_clock::now();
        const QString msg = dataErrorOf([&] { readIdxImages(path("train-images-idx3-ubyte.gz")); });
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY_CONTAINS(msg, "train-images-idx3-ubyte.gz: the header says 60000 images of 1000×1000 (60000000000 bytes)");
        QVERIFY_CONTAINS(msg, "more than the 256 MiB");
        QVERIFY2(seconds < 0.5, qPrintable(QString("took %1 s: the data was inflated").arg(seconds)));
    }

    // The reader's own cap, which every format sets: a stream of zeros that
    // goes on past it is refused as soon as it does, gzipped or not.
    void readerRefusesDataPastItsCap_data() {
        QTest::addColumn<bool>("gzipped");
        QTest::newRow("raw") << false;
        QTest::newRow("gz") << true;
    }
    void readerRefusesDataPastItsCap() {
        QFETCH(bool, gzipped);
        const fs::path p = path(gzipped ? "zeros.gz" : "zeros");
        (gzipped ? writeGz : writeRaw)(p, Bytes(std::size_t(5) << 20, '\0'));
        const ReadLimit limit{std::uint64_t(1) << 20, "a test file is at most 1 MiB"};
        QString msg = dataErrorOf([&] {
            CompressedFileReader in(p, limit);
            std::vector<std::uint8_t> out;
            in.appendUpTo(out, std::uint64_t(1) << 40);
        });
        QVERIFY_CONTAINS(msg, QString::fromStdString(p.string()) +
                                  (gzipped ? ": decompresses to more than 1 MiB; a test file is at most 1 MiB"
                                           : ": is larger than 1 MiB; a test file is at most 1 MiB"));
        // Exactly at the cap is fine, and atEnd() knows the end without tripping it.
        (gzipped ? writeGz : writeRaw)(p, Bytes(std::size_t(1) << 20, '\0'));
        CompressedFileReader in(p, limit);
        std::vector<std::uint8_t> out;
        QCOMPARE(in.appendUpTo(out, std::uint64_t(1) << 40), std::size_t(1) << 20);
        QVERIFY(in.atEnd());
    }

    void fifoIsRefusedWithoutHanging() {
        const fs::path fifo = path("fifo-dir") / "train-images-idx3-ubyte.gz";
        QVERIFY(makeFifo(fifo));
        const TimedError images = dataErrorReadingFifo(fifo, [&] { readIdxImages(fifo); });
        QVERIFY_CONTAINS(images.message, QString::fromStdString(fifo.string()) +
                                             ": is a named pipe (FIFO), which could keep a reader waiting forever; "
                                             "expected a regular data file");
        QVERIFY2(images.seconds < 2, qPrintable(QString("took %1 s").arg(images.seconds)));
        const TimedError labels = dataErrorReadingFifo(fifo, [&] { readIdxLabels(fifo); });
        QVERIFY_CONTAINS(labels.message, "is a named pipe (FIFO)");
        QVERIFY2(labels.seconds < 2, qPrintable(QString("took %1 s").arg(labels.seconds)));
    }

    void devicesAndFoldersAreRefused() {
        QString msg = dataErrorOf([] { readIdxImages("/dev/zero"); });
        QVERIFY_CONTAINS(msg, "/dev/zero: is a device, whose data may never end; expected a regular data file");
        fs::create_directories(path("a-folder"));
        msg = dataErrorOf([&] { readIdxLabels(path("a-folder")); });
        QVERIFY_CONTAINS(msg, QString::fromStdString(path("a-folder").string()) + ": is a folder; expected a regular data file");
    }

    void impossibleDimensions() {
        writeRaw(path("zero-rows"), idxImages(1, 0, 5));
        QString msg = dataErrorOf([&] { readIdxImages(path("zero-rows")); });
        QVERIFY_CONTAINS(msg, "zero-rows");
        QVERIFY_CONTAINS(msg, "0×5 pixels");
    }

    void truncatedGzipStream() {
        writeGz(path("whole.gz"), idxImages(50, 28, 28));
        Bytes gz = readAll(path("whole.gz"));
        gz.resize(gz.size() / 2);  // cut the compressed stream itself
        writeRaw(path("cut.gz"), gz);
        const QString msg = dataErrorOf([&] { readIdxImages(path("cut.gz")); });
        QVERIFY_CONTAINS(msg, "cut.gz");
        QVERIFY_CONTAINS(msg, "truncated");
    }

    void corruptGzipStream() {
        writeGz(path("good.gz"), idxImages(50, 28, 28));
        Bytes gz = readAll(path("good.gz"));
        for (std::size_t i = 20; i < gz.size() - 8; i += 3) gz[i] = char(gz[i] ^ 0x5A);
        writeRaw(path("bad.gz"), gz);
        const QString msg = dataErrorOf([&] { readIdxImages(path("bad.gz")); });
        QVERIFY_CONTAINS(msg, "bad.gz");
        QVERIFY2(msg.contains("decompress") || msg.contains("truncated"), qPrintable(msg));
        QVERIFY2(!msg.contains("<fd:"), qPrintable(msg));  // zlib's own name for the stream means nothing
    }

    void labelOutOfRange() {
        writeRaw(path("bad-label"), idxLabels({3, 12, 1}));
        const QString msg = dataErrorOf([&] { readIdxLabels(path("bad-label")); });
        QVERIFY_CONTAINS(msg, "bad-label");
        QVERIFY_CONTAINS(msg, "label 12 at index 1 is out of range; expected 0..9");
    }

    void imageAndLabelCountsDiffer() {
        writeGz(path("img3.gz"), idxImages(3, 28, 28));
        writeGz(path("lab2.gz"), idxLabels({1, 2}));
        const QString msg = dataErrorOf([&] { readMnist(path("img3.gz"), path("lab2.gz"), "x"); });
        QVERIFY_CONTAINS(msg, "img3.gz holds 3 images");
        QVERIFY_CONTAINS(msg, "lab2.gz holds 2 labels");
    }
};

QTEST_GUILESS_MAIN(TestDataIdx)
#include "test_data_idx.moc"
