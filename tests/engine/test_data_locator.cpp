// Data locator: a named folder is the only place looked at (even when
// $CNNWB_DATA holds the real MNIST); with none named, $CNNWB_DATA then the
// user cache; the folder layouts it accepts, and the messages when nothing is
// found. Data files that are FIFOs are found, then refused by the reader.
#include "test_data_hostile.h"
#include "test_data_util.h"

#include "engine/data/data_locator.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cnnwb;
using namespace testdata;
namespace fs = std::filesystem;

namespace {

// A tiny MNIST split whose first label tells which folder it came from.
void writeMnist(const fs::path& dir, int marker, bool gzipped, bool train = true) {
    auto write = gzipped ? writeGz : writeRaw;
    const std::string ext = gzipped ? ".gz" : "";
    const std::string prefix = train ? "train" : "t10k";
    write(dir / (prefix + "-images-idx3-ubyte" + ext), idxImages(2, 28, 28));
    write(dir / (prefix + "-labels-idx1-ubyte" + ext), idxLabels({marker, 0}));
}

void writeCifarTrain(const fs::path& dir, int marker) {
    for (int i = 1; i <= 5; ++i)
        writeRaw(dir / ("data_batch_" + std::to_string(i) + ".bin"), cifarRecords({i == 1 ? marker : 0}));
}

}  // namespace

class TestDataLocator : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    fs::path root_;
    fs::path explicit_, env_, cacheHome_, cache_;
    QByteArray savedHome_, realData_;

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        savedHome_ = qgetenv("HOME");
        realData_ = qgetenv("CNNWB_DATA");  // the real MNIST, before init() points it elsewhere
    }
    void cleanupTestCase() {
        qputenv("HOME", savedHome_);
        qputenv("CNNWB_DATA", realData_);
    }

    // Fresh, empty folders for each test; the environment points at them.
    void init() {
        static int n = 0;
        root_ = fs::path(tmp_.path().toStdString()) / ("case" + std::to_string(++n));
        explicit_ = root_ / "explicit";
        env_ = root_ / "env";
        cacheHome_ = root_ / "xdg-cache";
        cache_ = cacheHome_ / "cnn-workbench" / "data";
        for (const auto& d : {explicit_, env_, cache_}) fs::create_directories(d);
        qputenv("CNNWB_DATA", QByteArray::fromStdString(env_.string()));
        qputenv("XDG_CACHE_HOME", QByteArray::fromStdString(cacheHome_.string()));
    }

    void cacheDirFollowsXdgThenHome() {
        QCOMPARE(userCacheDataDir(), cache_);
        qputenv("XDG_CACHE_HOME", "relative/ignored");  // XDG: relative paths are invalid
        qputenv("HOME", "/home/someone");
        QCOMPARE(userCacheDataDir(), fs::path("/home/someone/.cache/cnn-workbench/data"));
        qunsetenv("XDG_CACHE_HOME");
        QCOMPARE(userCacheDataDir(), fs::path("/home/someone/.cache/cnn-workbench/data"));
        qputenv("HOME", savedHome_);
    }

    void searchDirsInOrder() {
        auto dirs = dataSearchDirs(explicit_);  // a named folder alone
        QCOMPARE(dirs.size(), std::size_t(1));
        QCOMPARE(dirs[0].path, explicit_);
        QCOMPARE(dirs[0].origin, std::string("named folder"));
        dirs = dataSearchDirs({});
        QCOMPARE(dirs.size(), std::size_t(2));
        QCOMPARE(dirs[0].path, env_);
        QCOMPARE(dirs[0].origin, std::string("CNNWB_DATA"));
        QCOMPARE(dirs[1].path, cache_);
        QCOMPARE(dirs[1].origin, std::string("user cache"));
        qputenv("CNNWB_DATA", "");  // empty counts as unset
        dirs = dataSearchDirs({});
        QCOMPARE(dirs.size(), std::size_t(1));
        QCOMPARE(dirs[0].origin, std::string("user cache"));
    }

    void namedFolderElseEnvElseCache() {
        writeMnist(explicit_ / "mnist", 1, true);
        writeMnist(env_ / "mnist", 2, true);
        writeMnist(cache_ / "mnist", 3, true);
        QCOMPARE(loadMnist(DataSplit::Train, explicit_).labels[0], 1);
        QCOMPARE(loadMnist(DataSplit::Train).labels[0], 2);
        qunsetenv("CNNWB_DATA");
        QCOMPARE(loadMnist(DataSplit::Train).labels[0], 3);
    }

    // The named folder lacks the data while CNNWB_DATA and the cache hold it:
    // an error naming the folder and the files, never the data from elsewhere.
    void namedFolderIsTheOnlyPlaceLooked() {
        writeMnist(env_ / "mnist", 2, true);
        writeMnist(cache_ / "mnist", 3, true);
        const QString msg = dataErrorOf([&] { loadMnist(DataSplit::Train, explicit_); });
        QVERIFY_CONTAINS(msg, "MNIST training data not found in the folder named, " +
                                  QString::fromStdString(explicit_.string()) +
                                  ": it lacks train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz].");
        QVERIFY_CONTAINS(msg, "Looked in " + QString::fromStdString((explicit_ / "mnist").string()) + " and " +
                                  QString::fromStdString(explicit_.string()) + ".");
        QVERIFY_CONTAINS(msg, "Only the folder named is searched: $CNNWB_DATA and the user cache are not.");
        QVERIFY_CONTAINS(msg, "cnnwb download mnist --data " + QString::fromStdString(explicit_.string()));
        QVERIFY2(!msg.contains(QString::fromStdString(env_.string())), qPrintable(msg));
        QVERIFY2(!msg.contains(QString::fromStdString(cache_.string())), qPrintable(msg));

        const QString cifar = dataErrorOf([&] { loadCifar10(DataSplit::Test, explicit_); });
        QVERIFY_CONTAINS(cifar, "CIFAR-10 test data not found in the folder named, " +
                                    QString::fromStdString(explicit_.string()) + ": it lacks test_batch.bin[.gz].");
        QVERIFY_CONTAINS(cifar, QString::fromStdString((explicit_ / "cifar-10-batches-bin").string()));
    }

    void namedFolderThatIsMissingOrAFile() {
        writeMnist(env_ / "mnist", 2, true);
        const fs::path missing = root_ / "no-such-dir";
        QString msg = dataErrorOf([&] { loadMnist(DataSplit::Train, missing); });
        QVERIFY_CONTAINS(msg, "MNIST training data not found: the folder named, " + QString::fromStdString(missing.string()) +
                                  ", does not exist.");
        QVERIFY_CONTAINS(msg, "Only the folder named is searched");

        writeRaw(root_ / "a-file", "not a folder");
        msg = dataErrorOf([&] { locateCifar10(DataSplit::Train, root_ / "a-file"); });
        QVERIFY_CONTAINS(msg, "CIFAR-10 training data not found: the folder named, " +
                                  QString::fromStdString((root_ / "a-file").string()) + ", is not a folder.");
    }

    void namedFolderWithHalfTheFiles() {
        writeMnist(explicit_ / "mnist", 1, true);
        fs::remove(explicit_ / "mnist" / "train-labels-idx1-ubyte.gz");
        writeMnist(env_ / "mnist", 2, true);
        const QString msg = dataErrorOf([&] { locateMnist(DataSplit::Train, explicit_); });
        QVERIFY_CONTAINS(msg, "it lacks train-labels-idx1-ubyte[.gz].");
        QVERIFY_CONTAINS(msg, QString::fromStdString((explicit_ / "mnist").string()) +
                                  " has some of the files but not train-labels-idx1-ubyte[.gz]");
    }

    // The real MNIST (the shared data folder) reached through CNNWB_DATA, and
    // an empty folder named: the error, not the real data.
    void emptyNamedFolderWinsOverRealData() {
        if (realData_.isEmpty())
            QFAIL("CNNWB_DATA is not set: point it at the folder that holds mnist/ (the shared data folder beside the project)");
        qputenv("CNNWB_DATA", realData_);
        const MnistFiles real = locateMnist(DataSplit::Train);
        QVERIFY_CONTAINS(QString::fromStdString(real.images.string()), QString::fromUtf8(realData_));
        QTemporaryDir empty;
        const QString msg = dataErrorOf([&] { locateMnist(DataSplit::Train, empty.path().toStdString()); });
        QVERIFY_CONTAINS(msg, "MNIST training data not found in the folder named, " + empty.path() +
                                  ": it lacks train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz].");
        QVERIFY2(!msg.contains(QString::fromUtf8(realData_)), qPrintable(msg));
    }

    // A FIFO under a data file's name is found, and the reader refuses it
    // clearly instead of hanging or calling it missing.
    void fifoInPlaceOfADataFile() {
        writeMnist(explicit_ / "mnist", 1, true);
        const fs::path images = explicit_ / "mnist" / "train-images-idx3-ubyte.gz";
        fs::remove(images);
        QVERIFY(makeFifo(images));
        QCOMPARE(locateMnist(DataSplit::Train, explicit_).images, images);
        const TimedError result = dataErrorReadingFifo(images, [&] { loadMnist(DataSplit::Train, explicit_); });
        QVERIFY_CONTAINS(result.message, QString::fromStdString(images.string()) + ": is a named pipe (FIFO)");
        QVERIFY2(result.seconds < 2, qPrintable(QString("took %1 s").arg(result.seconds)));
    }

    void acceptsSubfolderOrFlatAndGzOrRaw() {
        writeMnist(env_, 4, false, false);  // flat, uncompressed
        MnistFiles files = locateMnist(DataSplit::Test);
        QCOMPARE(files.images, env_ / "t10k-images-idx3-ubyte");
        QCOMPARE(loadMnist(DataSplit::Test).name, std::string("mnist-test"));
        QCOMPARE(loadMnist(DataSplit::Test).labels[0], 4);

        writeMnist(env_ / "mnist", 5, true, false);  // DIR/mnist/ comes before DIR/
        files = locateMnist(DataSplit::Test);
        QCOMPARE(files.labels, env_ / "mnist" / "t10k-labels-idx1-ubyte.gz");
        QCOMPARE(loadMnist(DataSplit::Test).labels[0], 5);
    }

    void cifarLayouts() {
        writeCifarTrain(cache_ / "cifar-10-batches-bin", 6);  // as the official archive unpacks
        CifarFiles files = locateCifar10(DataSplit::Train);
        QCOMPARE(files.batches.size(), std::size_t(5));
        QCOMPARE(files.batches[4], cache_ / "cifar-10-batches-bin" / "data_batch_5.bin");
        QVERIFY(files.meta.empty());
        Dataset d = loadCifar10(DataSplit::Train);
        QCOMPARE(d.size(), std::size_t(5));
        QCOMPARE(d.labels[0], 6);
        QCOMPARE(d.classNames[0], std::string("airplane"));

        writeCifarTrain(env_ / "cifar10", 7);  // what `cnnwb download cifar10` makes
        writeRaw(env_ / "cifar10" / "batches.meta.txt", "A\nB\nC\nD\nE\nF\nG\nH\nI\nJ\n");
        d = loadCifar10(DataSplit::Train);
        QCOMPARE(d.labels[0], 7);
        QCOMPARE(d.classNames[0], std::string("A"));

        writeGz(explicit_ / "test_batch.bin.gz", cifarRecords({8, 1, 2}));  // flat and gzipped
        d = loadCifar10(DataSplit::Test, explicit_);
        QCOMPARE(d.name, std::string("cifar10-test"));
        QCOMPARE(d.size(), std::size_t(3));
    }

    void missingDataMessageSaysWhereAndHow() {
        writeMnist(env_, 1, true);
        fs::remove(env_ / "train-labels-idx1-ubyte.gz");  // half a data set
        const QString msg = dataErrorOf([&] { locateMnist(DataSplit::Train); });
        QVERIFY_CONTAINS(msg, "MNIST training data not found");
        QVERIFY_CONTAINS(msg, "train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]");
        for (const fs::path& dir : {env_ / "mnist", env_, cache_ / "mnist", cache_})
            QVERIFY_CONTAINS(msg, QString::fromStdString(dir.string()));
        QVERIFY2(!msg.contains(QString::fromStdString(explicit_.string())), qPrintable(msg));
        QVERIFY_CONTAINS(msg, "(CNNWB_DATA)");
        QVERIFY_CONTAINS(msg, "(user cache)");
        QVERIFY_CONTAINS(msg, QString::fromStdString(env_.string()) + " has some of the files but not train-labels-idx1-ubyte[.gz]");
        QVERIFY_CONTAINS(msg, "cnnwb download mnist");
        QVERIFY_CONTAINS(msg, "https://ossci-datasets.s3.amazonaws.com/mnist/");

        qunsetenv("CNNWB_DATA");
        const QString cifar = dataErrorOf([&] { locateCifar10(DataSplit::Test); });
        QVERIFY_CONTAINS(cifar, "CIFAR-10 test data not found");
        QVERIFY_CONTAINS(cifar, "test_batch.bin[.gz]");
        QVERIFY_CONTAINS(cifar, QString::fromStdString((cache_ / "cifar-10-batches-bin").string()));
        QVERIFY_CONTAINS(cifar, "CNNWB_DATA is not set");
        QVERIFY_CONTAINS(cifar, "cnnwb download cifar10");
        QVERIFY_CONTAINS(cifar, "cifar-10-binary.tar.gz");
    }

    // The error says which data set is missing, so the window can offer to download it.
    void missingDataNamesTheDatasetToDownload() {
        auto idOf = [](const std::function<void()>& f) -> std::string {
            try {
                f();
            } catch (const MissingDataError& e) {
                return e.datasetId();
            }
            return "no MissingDataError";
        };
        QCOMPARE(idOf([&] { locateMnist(DataSplit::Test); }), std::string("mnist"));
        QCOMPARE(idOf([&] { locateCifar10(DataSplit::Train, explicit_); }), std::string("cifar10"));
        QCOMPARE(idOf([&] { locateMnist(DataSplit::Train, explicit_ / "nowhere"); }), std::string("mnist"));
    }
};

QTEST_GUILESS_MAIN(TestDataLocator)
#include "test_data_locator.moc"
