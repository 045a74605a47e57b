// The Mistakes tab: a hand-made evaluation shown as matrix, per-class table
// and images (surest mistakes first, a cell's images on a click, a click on
// an image asks for its feature maps); the exports read back to the same
// numbers; and on the real MNIST the worker's evaluation of E4-h equals the
// engine's own score, and a run that ends in view is scored at once.
#include "test_support_training.h"

#include "engine/trainer.h"
#include "ui/common/tile_grid.h"
#include "ui/evaluation/confusion_matrix_model.h"
#include "ui/evaluation/evaluation_view.h"
#include "ui/evaluation/why_panel.h"
#include "ui/training/training_controller.h"

#include <QFile>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace cnnwb;
using namespace cnnwb::ui;
using cnnwb::testing::waitFor;

namespace {

// Eight 2×2 grey images in three classes (the engine test's hand count):
//   true     a a a b b c c a
//   said     a b a b a b c b
ModelEvaluation handMade() {
    ModelEvaluation m;
    m.part = DataPart::Test;
    m.weights = "after epoch 2, batch 10";
    m.channels = 1;
    m.height = m.width = 2;
    for (int i = 0; i < 8; ++i)
        for (int p = 0; p < 4; ++p) m.pixels.push_back(char(i * 30 + p));
    Evaluation& e = m.result;
    e.dataset = "hand-made";
    e.classNames = {"a", "b", "c"};
    e.labels = {0, 0, 0, 1, 1, 2, 2, 0};
    e.predicted = {0, 1, 0, 1, 0, 1, 2, 1};
    e.scores = {0.9f, 0.05f, 0.05f,  0.3f, 0.6f, 0.1f,   0.5f, 0.2f, 0.3f,   0.1f, 0.8f, 0.1f,
                0.7f, 0.2f, 0.1f,    0.0f, 0.95f, 0.05f, 0.3f, 0.3f, 0.4f,   0.05f, 0.9f, 0.05f};
    e.accuracy = 0.5;
    return m;
}

// The centre of tile `index` of a grid laid out on screen.
QPoint tileCentre(const TileGrid& grid, int index) {
    for (int y = 0; y < grid.height(); y += 2)
        for (int x = 0; x < grid.width(); x += 2)
            if (grid.tileAt({x, y}) == index) return {x + 8, y + 8};
    return {-1, -1};
}

// The numbers of a CSV the view wrote, without its "#" lines.
QList<QStringList> csvRows(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QList<QStringList> rows;
    for (const QString& line : QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts))
        if (!line.startsWith('#')) rows << line.split(',');
    return rows;
}

}  // namespace

class TestEvaluationView : public QObject {
    Q_OBJECT
private slots:
    void matrixTableAndImagesOfAHandMadeEvaluation() {
        EvaluationView view;
        view.resize(1000, 700);
        view.show();
        view.showEvaluation(handMade());
        ConfusionMatrixModel* m = view.matrixModel();
        QCOMPARE(m->rowCount(), 3);
        QCOMPARE(m->index(0, 1).data().toString(), QString("2"));
        QCOMPARE(m->index(0, 1).data(ConfusionMatrixModel::CountRole).toULongLong(), 2ull);
        QCOMPARE(m->headerData(2, Qt::Vertical).toString(), QString("c"));
        m->setRowNormalised(true);
        QCOMPARE(m->index(0, 1).data().toString(), QString("50.0"));  // 2 of the 4 a's
        QCOMPARE(m->index(2, 2).data().toString(), QString("50.0"));
        QCOMPARE(m->index(2, 2).data(ConfusionMatrixModel::CountRole).toULongLong(), 1ull);
        QVERIFY(m->index(1, 1).data(Qt::BackgroundRole).isValid());
        QVERIFY(!m->index(2, 0).data(Qt::BackgroundRole).isValid());  // an empty cell stays white

        QCOMPARE(view.metricsTable()->item(1, 0)->text(), QString("0.2500"));  // b: 1 of 4 predicted
        QCOMPARE(view.metricsTable()->item(1, 1)->text(), QString("0.5000"));
        QCOMPARE(view.metricsTable()->item(2, 2)->text(), QString("0.6667"));
        QVERIFY2(view.statusText().contains("50.00 %") && view.statusText().contains("4 mistakes") &&
                     view.statusText().contains("after epoch 2, batch 10"),
                 qPrintable(view.statusText()));

        // Every mistake, the surest first.
        QCOMPARE(view.shownSamples(), (std::vector<std::size_t>{5, 7, 4, 1}));
        QCOMPARE(view.images()->tiles().size(), 4);
        QCOMPARE(view.images()->tiles()[0].caption, QString("c→b 0.95"));
        QVERIFY(view.images()->tiles()[0].toolTip.contains("top 3: b 0.950, c 0.050, a 0.000"));
        QVERIFY2(view.cellTitleText().contains("Every mistake") && view.cellTitleText().contains("4 images"),
                 qPrintable(view.cellTitleText()));

        // A cell: its images; a click on one asks for its feature maps.
        view.selectCell(0, 1);
        QCOMPARE(view.shownSamples(), (std::vector<std::size_t>{7, 1}));
        QVERIFY2(view.cellTitleText().contains("a taken for b"), qPrintable(view.cellTitleText()));
        view.selectCell(0, 0);
        QCOMPARE(view.shownSamples(), (std::vector<std::size_t>{0, 2}));
        QCOMPARE(view.images()->tiles()[1].caption, QString("a 0.50"));
        view.selectCell(0, 1);
        QSignalSpy activated(&view, &EvaluationView::imageActivated);
        QApplication::processEvents();
        const QPoint second = tileCentre(*view.images(), 1);
        QVERIFY(second.x() >= 0);
        QTest::mouseClick(view.images(), Qt::LeftButton, {}, second);
        QVERIFY(view.whyPanel()->isEnabled());
        QCOMPARE(activated.count(), 0);
        QPushButton* featureMaps = nullptr;
        for (QPushButton* b : view.whyPanel()->findChildren<QPushButton*>())
            if (b->text().startsWith("Feature maps")) featureMaps = b;
        QVERIFY(featureMaps);
        featureMaps->click();
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated[0][0].value<DataPart>(), DataPart::Test);
        QCOMPARE(activated[0][1].toInt(), 1);
    }

    void exportsReadBackToTheSameNumbers() {
        EvaluationView view;
        view.showEvaluation(handMade());
        QTemporaryDir dir;
        QVERIFY(view.exportConfusionCsv(dir.filePath("m.csv")).isEmpty());
        const QList<QStringList> m = csvRows(dir.filePath("m.csv"));
        QCOMPARE(m.size(), 4);
        QCOMPARE(m[0], (QStringList{"true\\predicted", "a", "b", "c"}));
        QCOMPARE(m[1], (QStringList{"a", "2", "2", "0"}));
        QCOMPARE(m[3], (QStringList{"c", "0", "1", "1"}));
        QVERIFY(view.exportMetricsCsv(dir.filePath("p.csv")).isEmpty());
        const QList<QStringList> p = csvRows(dir.filePath("p.csv"));
        QCOMPARE(p[2][0], QString("b"));
        QCOMPARE(p[2][1].toDouble(), 0.25);
        QCOMPARE(p[2][2].toDouble(), 0.5);
        view.selectCell(0, 1);
        QVERIFY(view.exportImagesCsv(dir.filePath("i.csv")).isEmpty());
        const QList<QStringList> i = csvRows(dir.filePath("i.csv"));
        QCOMPARE(i.size(), 3);
        QCOMPARE(i[1].mid(0, 3), (QStringList{"7", "a", "b"}));
        QCOMPARE(i[1][3].toFloat(), 0.9f);
        QVERIFY(view.exportMatrixPng(dir.filePath("m.png")).isEmpty());
        QVERIFY(QImage(dir.filePath("m.png")).width() > 50);
        const QString error = view.exportConfusionCsv(dir.filePath("no/such/folder/m.csv"));
        QVERIFY2(error.contains("no/such/folder/m.csv"), qPrintable(error));
    }

    // The worker scores the network it holds: on E4-h's first weights, the
    // same accuracy and loss as the engine's own evaluation of that model.
    void theWorkersEvaluationEqualsTheEngines() {
        if (!cnnwb::testing::requireMnist()) return;
        const ModelSpec spec = cnnwb::testing::presetWith("e4-h", 1, false);
        TrainingController controller;
        EvaluationView view;
        view.attach(&controller);
        QSignalSpy prepared(controller.events(), &TrainingEvents::prepared);
        QVERIFY(controller.prepare(spec));
        QVERIFY(waitFor(prepared));
        QSignalSpy ready(controller.events(), &TrainingEvents::evaluationReady);
        view.evaluate();
        QVERIFY(waitFor(ready));
        const Evaluation& shown = view.evaluation().result;
        QCOMPARE(shown.size(), std::size_t(10000));
        QCOMPARE(view.evaluation().pixels.size(), qsizetype(10000 * 784));

        Trainer reference(spec, prepareTrainingData(spec.data, cnnwb::testing::mnistDir()));
        const Score score = reference.evaluate(reference.data().test);
        QCOMPARE(shown.accuracy, score.accuracy);
        QCOMPARE(shown.loss, score.loss);
        std::size_t total = 0;
        for (const auto& row : shown.confusion()) for (std::size_t n : row) total += n;
        QCOMPARE(total, std::size_t(10000));
        QVERIFY(view.statusText().contains("initial weights"));

        // Why: the first mistake's saliency, Grad-CAM and, on request, occlusion.
        view.show();
        QVERIFY(!view.shownSamples().empty());
        const std::size_t first = view.shownSamples().front();
        QSignalSpy why(controller.events(), &TrainingEvents::attributionReady);
        view.whyPanel()->explainImage(DataPart::Test, int(first), shown.labels[first], shown.predicted[first], {});
        QVERIFY(waitFor(why));
        QTRY_VERIFY(view.whyPanel()->hasAttribution());
        const ImageAttribution& a = view.whyPanel()->attribution();
        QCOMPARE(a.attribution.classIndex, shown.predicted[first]);
        QCOMPARE(a.attribution.saliency.size(), std::size_t(784));
        QCOMPARE(a.attribution.camLayer, std::string("conv_1"));
        QCOMPARE(a.attribution.gradCam.size(), std::size_t(24 * 24));
        QVERIFY(!a.occlusion);
        QVERIFY(!view.whyPanel()->picture(1).isNull() && !view.whyPanel()->picture(2).isNull());
        for (QPushButton* b : view.whyPanel()->findChildren<QPushButton*>())
            if (b->text() == "Occlusion map") b->click();
        QVERIFY(waitFor(why, 2));
        QTRY_VERIFY(view.whyPanel()->attribution().occlusion.has_value());
        QCOMPARE(view.whyPanel()->attribution().occlusion->rows, 13);  // 4 px squares every 2 px over 28
        QVERIFY(!view.whyPanel()->picture(3).isNull());

        // The validation part, asked for by name.
        QSignalSpy failed(controller.events(), &TrainingEvents::evaluationFailed);
        controller.requestEvaluation(DataPart::Validation);
        QVERIFY(waitFor(ready, 2));
        QCOMPARE(ready.last()[0].value<ModelEvaluation>().part, DataPart::Validation);
        QCOMPARE(failed.count(), 0);
    }

    // A run that ends while the tab is in view is scored at once, with the
    // run's weights; the view says when training has moved on since.
    void aRunThatEndsInViewIsScored() {
        if (!cnnwb::testing::requireMnist()) return;
        TrainingController controller;
        EvaluationView view;
        view.attach(&controller);
        view.show();
        QSignalSpy ready(controller.events(), &TrainingEvents::evaluationReady);
        QVERIFY(controller.start(cnnwb::testing::presetWith("e4-h", 1, false), {.maxBatchesPerEpoch = 30}));
        QVERIFY(waitFor(ready));
        QVERIFY2(view.evaluation().weights.contains("after epoch 1, batch 30"), qPrintable(view.evaluation().weights));
        QVERIFY(!view.isStale());
        QVERIFY(view.evaluation().result.accuracy > 0.5);  // 30 batches of E4-h learn most digits
        QSignalSpy batches(controller.events(), &TrainingEvents::batchesReady);
        QVERIFY(controller.start(cnnwb::testing::presetWith("e4-h", 1, false), {.maxBatchesPerEpoch = 5}));
        QVERIFY(waitFor(batches));
        QVERIFY(view.isStale() || ready.count() == 2);  // moved on, or already scored again at its end
        QVERIFY(waitFor(ready, 2));
        QVERIFY(!view.isStale());
    }
};

QTEST_MAIN(TestEvaluationView)
#include "test_evaluation_view.moc"
