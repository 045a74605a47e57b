// The experiment header beside the reported figure: "not yet run here" until
// the run library holds a finished run of the published recipe (and, for the
// CIFAR-10 experiments, that the real files are needed), then what those runs
// measured, in the reported metric's own terms. Needs MNIST (CNNWB_DATA).
#include "gui_test_support.h"
#include "test_support_training.h"

#include "ui/dashboard/training_panel.h"
#include "ui/experiment_header.h"
#include "ui/training/training_controller.h"
#include "ui/training_views.h"

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;
using cnnwb::testing::waitFor;

class TestExperimentHeader : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        isolateEnvironment();
        QVERIFY(cnnwb::testing::requireMnist());
    }

    void notYetRunHereThenTheRunsOfThePublishedRecipe() {
        TestWindow w;
        QVERIFY(w->openPreset("e5-cifar10net"));
        QVERIFY2(w->header()->reportedText().contains("Not yet run here: it needs the real CIFAR-10 files"),
                 qPrintable(w->header()->reportedText()));
        QVERIFY(w->openPreset("e1-lenet1988"));
        QVERIFY2(w->header()->reportedText().contains("Reported: test accuracy 0.958"), qPrintable(w->header()->reportedText()));
        QVERIFY2(w->header()->reportedText().contains("Not yet run here: press Train"), qPrintable(w->header()->reportedText()));

        // A run of the recipe as published (shortened epochs: the test's only liberty, not a setting).
        TrainingPanel* panel = w->training()->panel();
        TrainerOptions options = panel->trainerOptions();
        options.maxBatchesPerEpoch = 3;
        panel->setTrainerOptions(options);
        QSignalSpy recorded(w->training(), &TrainingViews::runRecorded);
        panel->trainAction()->trigger();
        QVERIFY(waitFor(recorded, 1, 300000));
        const QString text = w->header()->reportedText();
        QVERIFY2(text.contains("Here: test accuracy 0.") && text.contains("(1 finished run of this recipe)"), qPrintable(text));

        // Another experiment (E1 without H3) has no run of its own yet.
        w.log->unsavedAnswer = UnsavedChoice::Discard;
        QVERIFY(w->openPreset("e1-no-h3"));
        QVERIFY2(w->header()->reportedText().contains("Not yet run here"), qPrintable(w->header()->reportedText()));
    }
};

QTEST_MAIN(TestExperimentHeader)
#include "test_experiment_header.moc"
