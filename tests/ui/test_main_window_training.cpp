// The main window with its training tabs, driven as a user would on real
// MNIST: Train from the toolbar puts the run's history and weights into the
// session (saved and reopened exactly, and shown by the Filters tab); an edit
// to the layers after training keeps the weights out of the saved file;
// closing while training asks, and either stops keeping the run or leaves it
// running; clicking an image in the data browser inspects it.
#include "gui_test_support.h"
#include "test_support_training.h"

#include "ui/dashboard/training_dashboard.h"
#include "ui/dashboard/training_panel.h"
#include "ui/data/data_browser.h"
#include "ui/filters/filter_view.h"
#include "ui/filters/kernel_csv.h"
#include "ui/inspect/feature_map_view.h"
#include "ui/session/session_io.h"
#include "ui/training/training_controller.h"
#include "ui/training_views.h"

#include "engine/session_file.h"

#include <QTabWidget>
#include <QUndoStack>
#include <QTemporaryDir>

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;
using cnnwb::testing::waitFor;

namespace {

constexpr int kBatches = 25;

// E1 for one epoch cut to kBatches batches (tests need seconds, not minutes).
void shortRuns(TestWindow& w, int batches = kBatches) {
    TrainerOptions options = w->training()->panel()->trainerOptions();
    options.epochs = 1;
    options.maxBatchesPerEpoch = batches;
    w->training()->panel()->setTrainerOptions(options);
}

void trainAndWait(TestWindow& w) {
    QSignalSpy ended(w->training()->controller()->events(), &TrainingEvents::runEnded);
    w->training()->panel()->trainAction()->trigger();
    QVERIFY(waitFor(ended, 1, 120000));
    QTRY_VERIFY_WITH_TIMEOUT(w.doc()->record().status == "finished", 10000);
}

}  // namespace

class TestMainWindowTraining : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(cnnwb::testing::requireMnist()); }

    void trainedRunIsSavedAndReopened() {
        QTemporaryDir dir;
        const QString file = dir.filePath("e1-run.cnnwb");
        {
            TestWindow w;
            QVERIFY(w->openPreset("e1-lenet1988"));
            shortRuns(w);
            QVERIFY(!w.doc()->isModified());
            trainAndWait(w);
            QCOMPARE(w->tabs()->currentWidget(), static_cast<QWidget*>(w->training()->panel()));
            const Session& r = w.doc()->record();
            QCOMPARE(int(r.history.batches.size()), kBatches);
            QCOMPARE(int(r.history.epochs.size()), 1);
            QVERIFY(r.history.epochs[0].test.has_value());
            QVERIFY(r.weights.count("h1/kernel"));
            QVERIFY(w.doc()->isModified());  // a run is unsaved work
            QCOMPARE(int(w->training()->panel()->dashboard()->history().batches().size()), kBatches);

            w.log->saveAnswer = file;
            QVERIFY(w->saveAs());
            QVERIFY(!w.doc()->isModified());
            const Session saved = loadSession(file.toStdString());
            QCOMPARE(saved.status, std::string("finished"));
            QVERIFY(saved.weights == r.weights);
            QCOMPARE(int(saved.history.batches.size()), kBatches);
        }
        // Reopened: the dashboard shows the history, the Filters tab the stored kernels.
        TestWindow w;
        QVERIFY(w->openFile(file));
        w->show();  // the filter view only asks for weights while it can be seen
        QCOMPARE(int(w->training()->panel()->dashboard()->history().batches().size()), kBatches);
        FilterView* filters = w->training()->filters();
        QSignalSpy snapshots(w->training()->controller()->events(), &TrainingEvents::snapshotReady);
        w->tabs()->setCurrentWidget(filters);
        QVERIFY(waitFor(snapshots, 1, 60000));
        QTRY_COMPARE_WITH_TIMEOUT(filters->kernelCount(), 16, 10000);
        const KernelBank* bank = filters->currentBank();
        QVERIFY(bank);
        const std::vector<float>& stored = w.doc()->record().weights.at("h1/kernel");
        QCOMPARE(qsizetype(stored.size()), bank->values.size());
        for (std::size_t i = 0; i < stored.size(); ++i) QCOMPARE(bank->values[qsizetype(i)], stored[i]);
        // The view says which weights these are.
        QCOMPARE(filters->snapshot().caption, QString("loaded from e1-run.cnnwb, after epoch 1, batch %1").arg(kBatches));
    }

    // A run that ends while another tab is open: the Filters tab, shown
    // afterwards, shows (and exports) the trained weights, not the ones it
    // showed before the run.
    void filtersShowTheTrainedWeightsWhenShownAfterARun() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        shortRuns(w);
        w->show();
        FilterView* filters = w->training()->filters();
        QSignalSpy snapshots(w->training()->controller()->events(), &TrainingEvents::snapshotReady);
        w->tabs()->setCurrentWidget(filters);
        QVERIFY(waitFor(snapshots, 1, 60000));
        QTRY_COMPARE_WITH_TIMEOUT(filters->kernelCount(), 16, 10000);
        QCOMPARE(filters->snapshot().caption, QString("initial weights (seed 1), before training"));
        const QVector<float> before = filters->currentBank()->values;

        w->tabs()->setCurrentWidget(w->builder());  // the run ends out of sight
        trainAndWait(w);
        w->tabs()->setCurrentWidget(w->builder());
        snapshots.clear();
        w->tabs()->setCurrentWidget(filters);
        QVERIFY(waitFor(snapshots, 1, 10000));
        QTRY_COMPARE_WITH_TIMEOUT(filters->snapshot().caption, QString("after epoch 1, batch %1").arg(kBatches), 10000);
        const std::vector<float>& trained = w.doc()->record().weights.at("h1/kernel");
        const QVector<float>& shown = filters->currentBank()->values;
        QVERIFY(shown != before);
        QCOMPARE(qsizetype(trained.size()), shown.size());
        for (std::size_t i = 0; i < trained.size(); ++i) QCOMPARE(shown[qsizetype(i)], trained[i]);

        // Export writes what is shown, and says which weights they are.
        QTemporaryDir dir;
        const QString csv = dir.filePath("h1.csv");
        QCOMPARE(filters->exportCsv(csv), QString());
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY2(text.contains(QString("# weights: after epoch 1, batch %1").arg(kBatches)), qPrintable(text.left(200)));
        const QList<KernelCsvTable> tables = parseKernelsCsv(text);
        QCOMPARE(tables.size(), 16);
        for (int k = 0; k < 16; ++k)
            for (int i = 0; i < 25; ++i) QCOMPARE(tables[k].values[i], trained[std::size_t(k * 25 + i)]);
    }

    void editAfterTrainingKeepsWeightsOutOfTheFile() {
        QTemporaryDir dir;
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        shortRuns(w, 5);
        trainAndWait(w);
        w.doc()->setLayerField(3, "units", Json(64), false);  // h2: 192 → 64 units
        const Session edited = sessionFromDocument(*w.doc());
        QVERIFY(edited.weights.empty());
        QCOMPARE(edited.status, std::string("edited after training"));
        QCOMPARE(int(edited.history.batches.size()), 5);  // the history of what was tried stays
        w.doc()->undoStack()->undo();
        const Session restored = sessionFromDocument(*w.doc());
        QVERIFY(restored.weights == w.doc()->record().weights);
        QCOMPARE(restored.status, std::string("finished"));
    }

    void closingWhileTrainingAsksAndKeepsTheRun() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        shortRuns(w, 100000);
        TrainingController* controller = w->training()->controller();
        QSignalSpy batches(controller->events(), &TrainingEvents::batchesReady);
        w->training()->train();
        QVERIFY(waitFor(batches, 1, 60000));

        // "Cancel": the window stays open and the run goes on.
        w.log->stopTrainingAnswer = false;
        QVERIFY(!w->close());
        QCOMPARE(w.log->stopTrainingAsked, 1);
        QVERIFY(controller->isBusy());

        // "Stop training", then discard: the run stops and its history reached the session first.
        w.log->stopTrainingAnswer = true;
        w.log->unsavedAnswer = UnsavedChoice::Discard;
        QVERIFY(w->close());
        QCOMPARE(w.log->stopTrainingAsked, 2);
        QCOMPARE(w.log->unsavedAsked, 1);
        QVERIFY(!controller->isBusy());
        QCOMPARE(w.doc()->record().status, std::string("stopped"));
        QVERIFY(!w.doc()->record().history.batches.empty());
        QVERIFY(!w.doc()->record().weights.empty());
    }

    void openingAnotherPresetWhileTrainingStopsFirst() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        shortRuns(w, 100000);
        QSignalSpy batches(w->training()->controller()->events(), &TrainingEvents::batchesReady);
        w->training()->train();
        QVERIFY(waitFor(batches, 1, 60000));
        w.log->unsavedAnswer = UnsavedChoice::Discard;
        QVERIFY(w->openPreset("e3-mlp"));
        QCOMPARE(w.log->stopTrainingAsked, 1);
        QVERIFY(!w->training()->controller()->isBusy());
        // The new experiment starts clean: the stopped E1 run did not leak into it.
        QVERIFY(!w.doc()->record().hasTraining());
        QCOMPARE(w->training()->panel()->dashboard()->history().batches().size(), qsizetype(0));
    }

    void clickingAnImageInspectsIt() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        TrainingViews* views = w->training();
        QSignalSpy loaded(views->dataBrowser(), &DataBrowser::dataLoaded);
        w->tabs()->setCurrentWidget(views->dataBrowser());
        QVERIFY(waitFor(loaded, 1, 60000));
        QCOMPARE(views->dataBrowser()->matchingCount(), qsizetype(60000));

        QSignalSpy inspected(views->controller()->events(), &TrainingEvents::inspectionReady);
        emit views->dataBrowser()->imageActivated(DataPart::Test, 3);
        QCOMPARE(w->tabs()->currentWidget(), static_cast<QWidget*>(views->featureMaps()));
        QVERIFY(waitFor(inspected, 1, 60000));
        QTRY_VERIFY_WITH_TIMEOUT(views->featureMaps()->hasInspection(), 10000);
        QCOMPARE(views->featureMaps()->inspection().index, 3);
        QVERIFY(views->featureMaps()->labelText().contains("True label: <b>0</b>"));  // test image 3 is a 0
    }
};

QTEST_MAIN(TestMainWindowTraining)
#include "test_main_window_training.moc"
