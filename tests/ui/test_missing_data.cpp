// Missing data in the window, as a new user without MNIST meets it: the Data
// tab and a failed Train say where it was looked for and offer "Download
// MNIST" and "Choose folder…". Choosing a folder makes it the only place
// looked at, for the Data tab and for runs; Download fetches the files with
// the MD5-checked downloader (here from a local HTTP server: the tests have
// no internet), with progress and Cancel, and the Data tab loads them. The
// MNIST files here are GENERATED (tiny IDX files).
#include "gui_test_support.h"
#include "test_support_training.h"

#include "engine/local_http_server.h"
#include "engine/test_data_util.h"

#include "ui/common/data_fetch_bar.h"
#include "ui/common/dataset_download.h"
#include "ui/dashboard/training_panel.h"
#include "ui/data/data_browser.h"
#include "ui/training/training_controller.h"
#include "ui/training_views.h"

#include "engine/data/md5.h"

#include <QPushButton>
#include <QTemporaryDir>

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;
using cnnwb::testing::waitFor;
namespace fs = std::filesystem;

namespace {

const char* kMnistFiles[] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                             "t10k-labels-idx1-ubyte.gz"};

// GENERATED MNIST: `count` 28×28 images per split, gzipped into `dir`; the files' bytes by name.
std::map<std::string, testdata::Bytes> writeGeneratedMnist(const fs::path& dir, int count) {
    std::vector<int> labels;
    for (int i = 0; i < count; ++i) labels.push_back(i % 10);
    for (const std::string prefix : {"train", "t10k"}) {
        testdata::writeGz(dir / (prefix + "-images-idx3-ubyte.gz"), testdata::idxImages(std::uint32_t(count), 28, 28));
        testdata::writeGz(dir / (prefix + "-labels-idx1-ubyte.gz"), testdata::idxLabels(labels));
    }
    std::map<std::string, testdata::Bytes> files;
    for (const char* name : kMnistFiles) files[name] = testdata::readAll(dir / name);
    return files;
}

}  // namespace

class TestMissingData : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;

private slots:
    void initTestCase() {
        isolateEnvironment();  // an empty user cache
        qunsetenv("CNNWB_DATA");
    }

    void theDataTabOffersDownloadAndChooseFolder() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        DataBrowser* data = w->training()->dataBrowser();
        w->tabs()->setCurrentWidget(data);
        QTRY_VERIFY_WITH_TIMEOUT(!data->isLoading(), 30000);
        DataFetchBar* bar = data->fetchBar();
        QVERIFY(!bar->isHidden());
        QCOMPARE(bar->datasetId(), QString("mnist"));
        QCOMPARE(bar->downloadButton()->text(), QString("Download MNIST"));
        QVERIFY(!bar->chooseButton()->isHidden());
        QVERIFY(bar->cancelButton()->isHidden());

        // Choose folder…: a folder with the (generated) files; the tab loads them, and runs read there too.
        const fs::path folder = fs::path(tmp_.path().toStdString()) / "my-mnist";
        writeGeneratedMnist(folder / "mnist", 30);
        bar->chooseFolder = [&] { return QString::fromStdString(folder.string()); };
        QSignalSpy loaded(data, &DataBrowser::dataLoaded);
        bar->chooseButton()->click();
        QVERIFY(waitFor(loaded, 1, 30000));
        QVERIFY(bar->isHidden());
        QCOMPARE(data->matchingCount(), 30);
        QCOMPARE(w->training()->controller()->dataDirectory(), QString::fromStdString(folder.string()));
        QVERIFY2(w->training()->panel()->messageText().contains("only there"),
                 qPrintable(w->training()->panel()->messageText()));
    }

    void aFailedTrainOffersTheDataAndChoosingAFolderLetsItTrain() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        TrainingPanel* panel = w->training()->panel();
        TrainingController* controller = w->training()->controller();
        QSignalSpy ended(controller->events(), &TrainingEvents::runEnded);
        panel->trainAction()->trigger();
        QVERIFY(waitFor(ended, 1, 60000));
        QCOMPARE(ended.last().at(0).value<TrainingState>(), TrainingState::Failed);
        QVERIFY2(panel->messageText().contains("MNIST training data not found"), qPrintable(panel->messageText()));
        QVERIFY(!panel->fetchBar()->isHidden());
        QCOMPARE(panel->fetchBar()->datasetId(), QString("mnist"));

        const fs::path folder = fs::path(tmp_.path().toStdString()) / "chosen-for-training";
        writeGeneratedMnist(folder, 40);
        panel->fetchBar()->chooseFolder = [&] { return QString::fromStdString(folder.string()); };
        panel->fetchBar()->chooseButton()->click();
        QCOMPARE(controller->dataDirectory(), QString::fromStdString(folder.string()));
        TrainerOptions options = panel->trainerOptions();
        options.maxBatchesPerEpoch = 1;
        panel->setTrainerOptions(options);
        QSignalSpy prepared(controller->events(), &TrainingEvents::prepared);
        panel->trainAction()->trigger();
        QVERIFY(panel->fetchBar()->isHidden());
        QVERIFY(waitFor(prepared, 1, 60000));
        QCOMPARE(prepared.first().at(0).value<RunInfo>().trainImages, 40);
        controller->stop();
        QVERIFY(waitFor(ended, 2, 60000));
    }

    void downloadFetchesTheFilesWithProgressAndTheTabLoadsThem() {
        testdata::LocalHttpServer server;
        const auto files = writeGeneratedMnist(fs::path(tmp_.path().toStdString()) / "served", 25);
        DatasetSource source = mnistSource();
        source.mirrors = {server.url("/mnist/")};
        for (RemoteFile& f : source.files) {
            QVERIFY(files.count(f.name));
            f.md5 = md5Hex(files.at(f.name).data(), files.at(f.name).size());
            server.setRoute("/mnist/" + f.name, {files.at(f.name)});
        }
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        DataBrowser* data = w->training()->dataBrowser();
        w->tabs()->setCurrentWidget(data);
        QTRY_VERIFY_WITH_TIMEOUT(!data->isLoading(), 30000);
        DataFetchBar* bar = data->fetchBar();
        QVERIFY(!bar->isHidden());
        bar->sourceFor = [&](const QString& id) {
            return id == "mnist" ? source : DatasetSource{};
        };
        QSignalSpy progressed(bar->download(), &DatasetDownload::progressed);
        QSignalSpy downloaded(bar, &DataFetchBar::downloaded);
        QSignalSpy loaded(data, &DataBrowser::dataLoaded);
        bar->downloadButton()->click();
        QVERIFY(!bar->cancelButton()->isHidden());
        QVERIFY(waitFor(downloaded, 1, 60000));
        QVERIFY(progressed.count() >= 4);  // at least the end of every file
        const fs::path cache = fs::path(qgetenv("XDG_CACHE_HOME").toStdString()) / "cnn-workbench" / "data" / "mnist";
        QCOMPARE(downloaded.first().at(1).toString(), QString::fromStdString(cache.string()));
        for (const char* name : kMnistFiles) QVERIFY2(fs::exists(cache / name), name);
        QVERIFY(waitFor(loaded, 1, 30000));
        QCOMPARE(data->matchingCount(), 25);
        QVERIFY(bar->isHidden());
        fs::remove_all(cache);
    }

    void aDamagedDownloadIsRefusedAndCancelKeepsWhatArrived() {
        testdata::LocalHttpServer server;
        DatasetSource source = mnistSource();
        source.mirrors = {server.url("/mnist/")};
        for (RemoteFile& f : source.files) {
            f.md5 = std::string(32, '0');  // no file has this sum
            server.setRoute("/mnist/" + f.name, {testdata::Bytes(1000, 'x')});
        }
        DataFetchBar bar;
        bar.sourceFor = [&](const QString&) { return source; };
        bar.offer("mnist", QString::fromStdString(tmp_.path().toStdString() + "/damaged"));
        QSignalSpy finished(bar.download(), &DatasetDownload::finished);
        bar.downloadButton()->click();
        QVERIFY(waitFor(finished, 1, 60000));
        QVERIFY(finished.first().at(0).toString().isEmpty());
        QVERIFY2(bar.text().contains("The download failed") && bar.text().contains("MD5"), qPrintable(bar.text()));
        QVERIFY(!bar.downloadButton()->isHidden());  // try again

        // A server that never answers: Cancel ends the wait.
        DatasetSource stalled = source;
        stalled.mirrors = {server.url("/slow/")};
        for (const RemoteFile& f : stalled.files) server.setRoute("/slow/" + f.name, {.stall = true});
        bar.sourceFor = [&](const QString&) { return stalled; };
        bar.downloadButton()->click();
        QTest::qWait(300);
        bar.cancelButton()->click();
        QVERIFY(waitFor(finished, 2, 60000));
        QVERIFY2(bar.text().contains("cancelled"), qPrintable(bar.text()));
    }
};

QTEST_MAIN(TestMissingData)
#include "test_missing_data.moc"
