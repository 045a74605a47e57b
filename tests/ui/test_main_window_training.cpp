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
#include "ui/filters/filter_history_bar.h"
#include "ui/filters/filter_view.h"
#include "ui/filters/kernel_csv.h"
#include "ui/inspect/feature_map_view.h"
#include "ui/session/session_io.h"
#include "ui/training/training_controller.h"
#include "ui/runs/run_overlay_chart.h"
#include "ui/runs/runs_panel.h"
#include "ui/sweep/sweep_dialog.h"
#include "ui/sweep/sweep_runner.h"
#include "ui/training_views.h"

#include "engine/export/onnx_export.h"
#include "engine/export/tensor_file.h"
#include "engine/runs/run_library.h"
#include "engine/session_file.h"
#include "engine/trainer.h"
#include "engine/training_control.h"

#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
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

// E1 whose spec itself says one epoch (so the run is complete at one), cut to kBatches.
void oneEpochE1(TestWindow& w) {
    QVERIFY(w->openPreset("e1-lenet1988"));
    ExperimentSettings s = w.doc()->settings();
    s.training.epochs = 1;
    w.doc()->changeSettings(s);
    TrainerOptions options = w->training()->panel()->trainerOptions();
    options.epochs = 0;
    options.maxBatchesPerEpoch = kBatches;
    w->training()->panel()->setTrainerOptions(options);
}

std::vector<RunRow> libraryRuns() {
    RunLibrary library(qgetenv("CNNWB_RUNS").toStdString());
    return library.list();
}

}  // namespace

class TestMainWindowTraining : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        isolateEnvironment();
        QVERIFY(cnnwb::testing::requireMnist());
    }

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
            // The filter history: the weights before training and at the epoch's end (every 100 batches is after it).
            QCOMPARE(saved.weightHistory.size(), std::size_t(2));
            QVERIFY(std::vector<float>(saved.weightHistory.values(1, "h1/kernel").begin(),
                                       saved.weightHistory.values(1, "h1/kernel").end()) == saved.weights.at("h1/kernel"));
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
        // The stored history came with them: back to the start, the weights before training.
        QCOMPARE(filters->historyBar()->positions(), 2);
        filters->historyBar()->setPosition(0);
        const auto initial = w.doc()->record().weightHistory.values(0, "h1/kernel");
        QCOMPARE(filters->currentBank()->values[5], initial[5]);
        QVERIFY(filters->currentBank()->values[5] != stored[5]);
        QVERIFY(filters->snapshot().caption.startsWith("initial weights"));
    }

    // File → Export → PyTorch project… and ONNX model… write the trained run
    // as it is in the window; a model with an error is refused with a message.
    void exportsTheTrainedRunFromTheFileMenu() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        shortRuns(w);
        trainAndWait(w);
        QMenu* exportMenu = nullptr;
        for (QAction* a : w->menuBar()->actions())
            if (a->text() == "&File")
                for (QAction* item : a->menu()->actions())
                    if (item->text() == "&Export") exportMenu = item->menu();
        QVERIFY(exportMenu);
        QCOMPARE(exportMenu->actions().size(), 2);

        QTemporaryDir dir;
        w.log->exportFolderAnswer = dir.filePath("project");
        exportMenu->actions()[0]->trigger();
        QVERIFY2(w.log->errors.isEmpty(), qPrintable(w.log->errors.join("\n")));
        std::map<std::string, std::vector<float>> exported;
        for (NamedTensor& t : readTensorFile(dir.filePath("project/weights.json").toStdString()))
            exported[t.name] = t.values;
        QVERIFY(exported.at("h1/kernel") == w.doc()->record().weights.at("h1/kernel"));
        QVERIFY(QFile::exists(dir.filePath("project/train.py")));

        w.log->onnxAnswer = dir.filePath("e1.onnx");
        exportMenu->actions()[1]->trigger();
        QVERIFY2(w.log->errors.isEmpty(), qPrintable(w.log->errors.join("\n")));
        QCOMPARE(readOnnx(dir.filePath("e1.onnx").toStdString()).opset, std::int64_t(kOnnxOpset));

        // A model with an error (a Dense layer's units emptied) is refused, nothing written.
        w.doc()->setLayerField(4, "units", Json(0));
        QVERIFY(!w.doc()->analysis().valid());
        w.log->onnxAnswer = dir.filePath("broken.onnx");
        exportMenu->actions()[1]->trigger();
        QCOMPARE(w.log->errors.size(), 1);
        QVERIFY2(w.log->errors[0].contains("fix it before exporting"), qPrintable(w.log->errors[0]));
        QVERIFY(!QFile::exists(dir.filePath("broken.onnx")));
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

    // Every GUI run is recorded in the run library, with the document's
    // origin (here the preset) as its parent and what changed.
    void runsAreRecordedWithTheirParentAndChanges() {
        TestWindow w;
        oneEpochE1(w);
        w.doc()->setLayerField(1, "activation", Json("relu"));
        const std::size_t before = libraryRuns().size();
        trainAndWait(w);
        const std::vector<RunRow> runs = libraryRuns();
        QCOMPARE(runs.size(), before + 1);
        const RunRow& run = runs.front();
        QCOMPARE(QString::fromStdString(run.parent.kind), QString("preset"));
        QCOMPARE(QString::fromStdString(run.parent.id), QString("e1-lenet1988"));
        QCOMPARE(run.changes, (std::vector<std::string>{"training.epochs: 10 → 1", "h1.activation: tanh → relu"}));
        QCOMPARE(run.id, w.doc()->record().run.id);  // the document knows its run
        QCOMPARE(run.epochsDone, 1);
    }

    // A run whose process died (its file says running, nobody holds its
    // lock) is offered at start; Continue goes on from its checkpoint as the
    // same run, to its planned epochs. Declined, it is marked interrupted and
    // not offered again.
    void anInterruptedRunIsOfferedAndContinuesAsItself() {
        auto checkpointAfterOneEpoch = [] {
            ModelSpec spec = cnnwb::testing::presetWith("e1-lenet1988", 2);
            Trainer trainer(spec, prepareTrainingData(spec.data, cnnwb::testing::mnistDir()),
                            {.maxBatchesPerEpoch = kBatches});
            TrainingControl control;
            struct StopAfterOne : TrainingObserver {
                TrainingControl* control;
                void onEpochEnd(const EpochStats&) override { control->requestStop(); }
            } stop;
            stop.control = &control;
            trainer.run(&stop, &control);
            Session s = captureSession(trainer, run_status::kRunning);  // what a killed run leaves
            s.run = runMetaFrom({"preset", "e1-lenet1988"}, loadPreset("e1-lenet1988"), spec);
            RunLibrary library(qgetenv("CNNWB_RUNS").toStdString());
            library.record(s);
            return s;
        };
        const Session checkpoint = checkpointAfterOneEpoch();
        const RunRow found = RunLibrary(qgetenv("CNNWB_RUNS").toStdString()).find(checkpoint.run.id);
        QCOMPARE(QString::fromStdString(found.status), QString("interrupted"));

        TestWindow w;
        TrainerOptions options = w->training()->panel()->trainerOptions();
        options.epochs = 0;
        options.maxBatchesPerEpoch = kBatches;
        w->training()->panel()->setTrainerOptions(options);
        w.log->resumeAnswer = true;
        QSignalSpy ended(w->training()->controller()->events(), &TrainingEvents::runEnded);
        QVERIFY(w->offerInterruptedRuns());
        QCOMPARE(w.log->resumeAsked, 1);
        QVERIFY(waitFor(ended, 1, 120000));
        QTRY_VERIFY_WITH_TIMEOUT(w.doc()->record().status == "finished", 10000);
        const Session& done = w.doc()->record();
        QCOMPARE(done.run.id, checkpoint.run.id);  // the same run
        QCOMPARE(int(done.history.epochs.size()), 2);
        QCOMPARE(int(done.history.batches.size()), 2 * kBatches);
        for (int i = 0; i < kBatches; ++i) QVERIFY(done.history.batches[i].loss == checkpoint.history.batches[i].loss);
        const RunRow after = RunLibrary(qgetenv("CNNWB_RUNS").toStdString()).find(checkpoint.run.id);
        QCOMPARE(QString::fromStdString(after.status), QString("finished"));
        QCOMPARE(after.epochsDone, 2);

        // Declined: marked, kept, not asked again.
        const Session other = checkpointAfterOneEpoch();
        TestWindow later;
        later.log->resumeAnswer = false;
        QVERIFY(!later->offerInterruptedRuns());
        QCOMPARE(later.log->resumeAsked, 1);
        QVERIFY(!later->offerInterruptedRuns());
        QCOMPARE(later.log->resumeAsked, 1);
        const RunRow marked = RunLibrary(qgetenv("CNNWB_RUNS").toStdString()).find(other.run.id);
        QCOMPARE(QString::fromStdString(marked.status), QString("interrupted"));
        QVERIFY(!marked.processLost);
    }

    // Train on a trained experiment asks; Continue goes on from the run's
    // weights (the curve continues, the old batches as they were), New run
    // starts afresh, Cancel does nothing. No run is lost either way.
    void trainOnATrainedRunAsksToContinueOrBranch() {
        TestWindow w;
        oneEpochE1(w);
        trainAndWait(w);
        const Session first = w.doc()->record();
        const std::size_t before = libraryRuns().size();

        w.log->trainAgainAnswer = {TrainAgainChoice::Kind::Cancel, 0};
        w->training()->panel()->trainAction()->trigger();
        QCOMPARE(w.log->trainAgainAsked, 1);
        QVERIFY(!w->training()->controller()->isBusy());
        QCOMPARE(libraryRuns().size(), before);

        w.log->trainAgainAnswer = {TrainAgainChoice::Kind::Continue, 1};
        trainAndWait(w);
        QCOMPARE(w.log->trainAgainAsked, 2);
        const Session& continued = w.doc()->record();
        QCOMPARE(int(continued.history.epochs.size()), 2);
        QCOMPARE(int(continued.history.batches.size()), 2 * kBatches);
        for (int i = 0; i < kBatches; ++i) QVERIFY(continued.history.batches[i].loss == first.history.batches[i].loss);
        QCOMPARE(int(w->training()->panel()->dashboard()->history().batches().size()), 2 * kBatches);
        QCOMPARE(QString::fromStdString(continued.run.parent.kind), QString("run"));
        QCOMPARE(continued.run.parent.id, first.run.id);
        QCOMPARE(continued.run.changes, (std::vector<std::string>{"training.epochs: 1 → 2"}));
        QCOMPARE(libraryRuns().size(), before + 1);

        w.log->trainAgainAnswer = {TrainAgainChoice::Kind::NewRun, 0};
        trainAndWait(w);
        QCOMPARE(int(w.doc()->record().history.epochs.size()), 1);
        QCOMPARE(QString::fromStdString(w.doc()->record().run.parent.kind), QString("preset"));
        QCOMPARE(int(w->training()->panel()->dashboard()->history().batches().size()), kBatches);
        QCOMPARE(libraryRuns().size(), before + 2);
    }

    // A trained model edited afterwards is a new branch: the Training tab says
    // so instead of showing the old model's curves, and Train does not offer
    // to continue a run whose weights do not fit. Undo brings the run back.
    void editingATrainedModelIsANewBranch() {
        TestWindow w;
        oneEpochE1(w);
        trainAndWait(w);
        QCOMPARE(int(w->training()->panel()->dashboard()->history().batches().size()), kBatches);
        w.doc()->setLayerField(3, "units", Json(96));
        QVERIFY2(w->training()->panel()->messageText().contains("new branch"),
                 qPrintable(w->training()->panel()->messageText()));
        QCOMPARE(int(w->training()->panel()->dashboard()->history().batches().size()), 0);
        w.doc()->undoStack()->undo();
        QVERIFY(w->training()->panel()->messageText().isEmpty());
        QCOMPARE(int(w->training()->panel()->dashboard()->history().batches().size()), kBatches);
        w.doc()->undoStack()->redo();
        const int asked = w.log->trainAgainAsked;
        trainAndWait(w);
        QCOMPARE(w.log->trainAgainAsked, asked);  // nothing to continue: a new run without asking
        QVERIFY(w->training()->panel()->messageText().isEmpty());
    }

    // Experiment → Sweep…: a bad value is refused with the loader's message
    // before anything runs; 2 values × 2 seeds run as 4 recorded runs, the
    // results table has mean ± std over the seeds, the document keeps its own
    // run, the runs show together in the Runs tab, and started again the
    // sweep skips what finished.
    void sweepFromTheWindow() {
        TestWindow w;
        oneEpochE1(w);
        TrainerOptions options = w->training()->panel()->trainerOptions();
        options.maxBatchesPerEpoch = 10;
        w->training()->panel()->setTrainerOptions(options);
        const std::string recordBefore = w.doc()->record().status;
        SweepDialog* dialog = w->sweep();
        QVERIFY(dialog);
        dialog->setAxis(0, "training.batch_size", "16, 0");
        QVERIFY2(dialog->planText().contains("training: field 'batch_size' must be an integer from 1 to 65536; got the integer 0"),
                 qPrintable(dialog->planText()));
        QVERIFY(!dialog->plan());
        dialog->setAxis(0, "layers.h3.enabled", "true, false");
        dialog->setRepeats(2);
        QVERIFY2(dialog->planText().contains("4 runs"), qPrintable(dialog->planText()));
        QSignalSpy finished(dialog->runner(), &SweepRunner::finished);
        dialog->start();
        QVERIFY(waitFor(finished, 1, 300000));
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(dialog->runIds().size(), 4);
        QCOMPARE(dialog->results()->rowCount(), 2);
        QVERIFY2(dialog->results()->item(0, 1)->text().contains("(n = 2)"), qPrintable(dialog->results()->item(0, 1)->text()));
        if (const QByteArray shots = qgetenv("CNNWB_SCREENSHOT_DIR"); !shots.isEmpty())
            QVERIFY(dialog->grab().save(QString::fromUtf8(shots) + "/sweep-dialog-results.png"));
        QCOMPARE(w.doc()->record().status, recordBefore);  // sweep runs are not the document's

        w->runs()->refresh();
        w->runs()->selectRuns(dialog->runIds());
        const QStringList legend = w->runs()->overlay()->legendNames();
        QCOMPARE(legend.size(), 2);  // two seed groups
        QVERIFY2(legend.join(" | ").contains("h3.enabled=false"), qPrintable(legend.join(" | ")));

        dialog->start();  // again: everything finished before
        QVERIFY(waitFor(finished, 2, 10000));
        QCOMPARE(dialog->runner()->skipped(), 4);
        dialog->close();
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

    // Each layer card says what the layer costs: its multiply-adds always,
    // and after a run its measured forward and backward time a batch; an
    // edit makes it another network, whose times are not known yet.
    void layerCardsShowWhatTheLayersCost() {
        TestWindow w;
        oneEpochE1(w);
        const QModelIndex h1 = w.layers()->index(1);
        QCOMPARE(h1.data(LayerListModel::CostRole).toString(), QString("14,400 multiply-adds"));  // 16 maps of 6×6, 5×5×1 taps each
        QVERIFY(w.layers()->index(0).data(LayerListModel::CostRole).toString().isEmpty());  // Input
        trainAndWait(w);
        QTRY_VERIFY_WITH_TIMEOUT(h1.data(LayerListModel::CostRole).toString().contains("ms a batch"), 10000);
        const QString cost = h1.data(LayerListModel::CostRole).toString();
        QVERIFY2(cost.startsWith("14,400 multiply-adds · forward ") && cost.contains(" ms a batch ("), qPrintable(cost));
        w.doc()->setLayerField(1, "activation", Json("relu"));
        QCOMPARE(w.layers()->index(1).data(LayerListModel::CostRole).toString(), QString("14,400 multiply-adds"));
    }
};

QTEST_MAIN(TestMainWindowTraining)
#include "test_main_window_training.moc"
