// Experiment → Find learning rate… used as a person would: on an experiment
// that trains on a generated two-class image folder, the dialog runs the
// range test and draws the loss against the rate on a log axis point by
// point, marks a suggestion, and "Use" makes it the optimizer's learning
// rate as one undoable change; running the test changes nothing. A range
// that is not a range is refused before Run; Stop ends a long test.
#include "gui_test_support.h"
#include "test_support_training.h"

#include "ui/lrfind/lr_range_dialog.h"
#include "ui/lrfind/lr_range_runner.h"

#include "engine/data/image_decode.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>

#include <qcustomplot.h>

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;
using cnnwb::testing::waitFor;
namespace fs = std::filesystem;

namespace {

// GENERATED: `count` 32×32 PNGs per class, dark or light with a little noise.
void writeTwoClasses(const fs::path& dir, int count) {
    for (const auto& [name, level] : {std::pair<std::string, int>{"dark", 40}, {"light", 200}}) {
        fs::create_directories(dir / name);
        for (int i = 0; i < count; ++i) {
            std::vector<std::uint8_t> px(std::size_t(32 * 32 * 3));
            for (std::size_t p = 0; p < px.size(); ++p) px[p] = std::uint8_t(level + int((p * 7 + std::size_t(i) * 13) % 40));
            writePng(dir / name / (std::to_string(i) + ".png"), px.data(), 32, 32, 3);
        }
    }
}

double learningRate(ExperimentDocument* doc) { return doc->settings().training.optimizer.value("learning_rate", 0.0); }

}  // namespace

class TestLrRangeWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;

    // A window on E2's MLP (two classes, 32×32×3) training on the generated folder.
    void openOnFolder(TestWindow& w) {
        const fs::path dir = fs::path(tmp_.path().toStdString()) / "two-classes";
        if (!fs::exists(dir)) writeTwoClasses(dir, 60);
        QVERIFY(w->openPreset("e2-mlp-relu"));
        QVERIFY(w->useImageFolder(QString::fromStdString(dir.string())));
    }

private slots:
    void initTestCase() { isolateEnvironment(); }

    void theRangeTestDrawsTheCurveAndItsSuggestionBecomesTheRate() {
        TestWindow w;
        openOnFolder(w);
        const Json before = w.doc()->specJson();
        const double oldRate = learningRate(w.doc());
        LrRangeDialog* d = w->findLearningRate();
        QVERIFY(d);
        d->setRange(1e-5, 100, 60);
        QSignalSpy ended(d->runner(), &LrRangeRunner::finished);
        d->findChild<QPushButton*>("lrRun")->click();
        QVERIFY(d->runner()->isRunning());
        QVERIFY(!d->findChild<QPushButton*>("lrRun")->isEnabled());
        QVERIFY(waitFor(ended, 1, 120000));

        const LrRangeTest& r = d->result();
        QVERIFY2(r.points.size() >= 10, qPrintable(QString::number(r.points.size())));
        QCOMPARE(d->chart()->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(d->chart()->graph(0)->dataCount(), int(r.points.size()));
        QCOMPARE(d->chart()->graph(1)->dataCount(), int(r.points.size()));
        for (std::size_t i = 1; i < r.points.size(); ++i) QVERIFY(r.points[i].rate > r.points[i - 1].rate);
        QCOMPARE(d->chart()->graph(0)->data()->at(0)->key, 1e-5);
        QVERIFY2(r.suggestedRate > 1e-5 && r.suggestedRate < 100, qPrintable(QString::number(r.suggestedRate)));
        const QString status = d->findChild<QLabel*>("lrStatus")->text();
        QVERIFY2(status.contains("Suggested learning rate"), qPrintable(status));
        QCOMPARE(w.doc()->specJson(), before);  // the test trained a copy

        QVERIFY(d->useButton()->isEnabled());
        QVERIFY2(d->useButton()->text().contains(QString::number(r.suggestedRate, 'g', 3)), qPrintable(d->useButton()->text()));
        d->useButton()->click();
        QCOMPARE(learningRate(w.doc()), r.suggestedRate);
        w.doc()->undoStack()->undo();
        QCOMPARE(learningRate(w.doc()), oldRate);
        d->close();
    }

    void aRangeThatIsNotARangeIsRefusedBeforeRun() {
        TestWindow w;
        openOnFolder(w);
        LrRangeDialog* d = w->findLearningRate();
        QVERIFY(d);
        auto* run = d->findChild<QPushButton*>("lrRun");
        auto* status = d->findChild<QLabel*>("lrStatus");
        d->setRange(1, 0.5, 50);
        QVERIFY(!run->isEnabled());
        QVERIFY2(status->text().contains("end rate must be larger than the start rate"), qPrintable(status->text()));
        d->findChild<QLineEdit*>("lrStart")->setText("fast");
        QVERIFY(!run->isEnabled());
        QVERIFY2(status->text().contains("start rate must be a number"), qPrintable(status->text()));
        d->setRange(1e-6, 1, 50);
        QVERIFY(run->isEnabled());
        d->close();
    }

    void stopEndsALongTest() {
        TestWindow w;
        openOnFolder(w);
        LrRangeDialog* d = w->findLearningRate();
        QVERIFY(d);
        d->setRange(1e-9, 1e-8, 100000);  // rates too small to diverge: it would run to the end
        QSignalSpy points(d->runner(), &LrRangeRunner::pointMeasured);
        QSignalSpy ended(d->runner(), &LrRangeRunner::finished);
        d->start();
        QVERIFY(waitFor(points, 3, 120000));
        d->findChild<QPushButton*>("lrStop")->click();
        QVERIFY(waitFor(ended, 1, 30000));
        QVERIFY(!d->runner()->isRunning());
        QCOMPARE(d->result().stoppedBecause, std::string("stopped"));
        QVERIFY(d->result().points.size() < 100000);
        QVERIFY(d->findChild<QPushButton*>("lrRun")->isEnabled());
        d->close();
    }

    void aModelWithAnErrorIsRefused() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.builder()->selectRow(1);  // h1
        setNumber(w.builder(), "kernel_size", "30");
        if (QTest::currentTestFailed()) return;
        QVERIFY(!w->findLearningRate());
        QCOMPARE(w.log->errors.size(), 1);
        QVERIFY2(w.log->errors.front().contains("Cannot find a learning rate") &&
                     w.log->errors.front().contains("larger than"),
                 qPrintable(w.log->errors.front()));
    }
};

QTEST_MAIN(TestLrRangeWindow)
#include "test_lr_range_window.moc"
