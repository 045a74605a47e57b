// Evaluation sample by sample (engine/evaluation.h): the confusion matrix,
// precision, recall and F1 of a small hand-counted set; mistakes ordered by
// confidence; the top classes; and Trainer::evaluateSamples against the
// per-epoch score (the reference path) for softmax, RBF and tanh outputs.
#include "engine/evaluation.h"
#include "engine/trainer.h"

#include "engine_test_support.h"

#include <QTest>

#include <cmath>
#include <numeric>

using namespace cnnwb;

namespace {

// Three classes, eight samples, answers and scores written by hand:
//   sample  true  predicted  confidence
//   0       a     a          0.9
//   1       a     b          0.6
//   2       a     a          0.5
//   3       b     b          0.8
//   4       b     a          0.7
//   5       c     b          0.95
//   6       c     c          0.4
//   7       a     b          0.9
Evaluation handMade() {
    Evaluation e;
    e.dataset = "hand-made";
    e.classNames = {"a", "b", "c"};
    e.labels = {0, 0, 0, 1, 1, 2, 2, 0};
    e.predicted = {0, 1, 0, 1, 0, 1, 2, 1};
    e.scores = {0.9f, 0.05f, 0.05f,  0.3f, 0.6f, 0.1f,   0.5f, 0.2f, 0.3f,   0.1f, 0.8f, 0.1f,
                0.7f, 0.2f, 0.1f,    0.0f, 0.95f, 0.05f, 0.3f, 0.3f, 0.4f,   0.05f, 0.9f, 0.05f};
    return e;
}

ModelSpec specWith(const char* outputLayer, const char* loss) {
    Json doc = Json::parse(R"({"format": "cnn-workbench-model", "version": 1, "name": "tiny",
        "layers": [{"type": "Input", "shape": [4, 4, 1]}, {"type": "Flatten"}],
        "training": {"optimizer": {"type": "SGD", "learning_rate": 0.05}, "batch_size": 8, "epochs": 1, "seed": 5},
        "data": {"dataset": "folder", "image_size": [4, 4], "color_mode": "grayscale", "classes": ["dark", "bright"]}})");
    doc["layers"].push_back(Json::parse(outputLayer));
    doc["training"]["loss"] = loss;
    return ModelSpec::fromJson(doc, "tiny");
}

}  // namespace

class TestEvaluation : public QObject {
    Q_OBJECT
private slots:
    void confusionMatchesAHandCount() {
        const auto m = handMade().confusion();
        const std::vector<std::vector<std::size_t>> expected = {{2, 2, 0}, {1, 1, 0}, {0, 1, 1}};
        QCOMPARE(m, expected);
        std::size_t total = 0;
        for (const auto& row : m) total += std::accumulate(row.begin(), row.end(), std::size_t(0));
        QCOMPARE(total, handMade().size());
    }

    void precisionRecallAndF1ByHand() {
        const Evaluation e = handMade();
        // a: 4 truly a, 3 predicted a (0, 2, 4), 2 right → precision 2/3, recall 2/4.
        const ClassMetrics a = e.classMetrics(0);
        QCOMPARE(a.support, std::size_t(4));
        QCOMPARE(a.predicted, std::size_t(3));
        QCOMPARE(a.truePositives, std::size_t(2));
        QCOMPARE(a.precision, 2.0 / 3);
        QCOMPARE(a.recall, 0.5);
        QCOMPARE(a.f1, 2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5));
        // b: 2 truly b, 4 predicted b (1, 3, 5, 7), 1 right → 1/4, 1/2, F1 1/3.
        const ClassMetrics b = e.classMetrics(1);
        QCOMPARE(b.precision, 0.25);
        QCOMPARE(b.recall, 0.5);
        QCOMPARE(b.f1, 1.0 / 3);
        // c: 2 truly c, 1 predicted c, right → 1, 1/2, F1 2/3.
        const ClassMetrics c = e.classMetrics(2);
        QCOMPARE(c.precision, 1.0);
        QCOMPARE(c.recall, 0.5);
        QCOMPARE(c.f1, 2.0 / 3);
        QCOMPARE(e.macroF1(), (a.f1 + b.f1 + c.f1) / 3);
    }

    void aClassNeverPredictedHasPrecisionZero() {
        Evaluation e = handMade();
        e.predicted = {0, 0, 0, 0, 0, 0, 0, 0};
        const ClassMetrics c = e.classMetrics(2);
        QCOMPARE(c.predicted, std::size_t(0));
        QCOMPARE(c.precision, 0.0);
        QCOMPARE(c.recall, 0.0);
        QCOMPARE(c.f1, 0.0);
    }

    void cellsAndMistakesAreSurestFirst() {
        const Evaluation e = handMade();
        QCOMPARE(e.samplesIn(0, 1), (std::vector<std::size_t>{7, 1}));  // 0.9 before 0.6
        QCOMPARE(e.samplesIn(0, 0), (std::vector<std::size_t>{0, 2}));
        QCOMPARE(e.samplesIn(2, 0), std::vector<std::size_t>{});
        QCOMPARE(e.mistakes(), (std::vector<std::size_t>{5, 7, 4, 1}));  // 0.95, 0.9, 0.7, 0.6
    }

    void equalConfidencesKeepDataSetOrder() {
        Evaluation e = handMade();
        e.scores = std::vector<float>(e.scores.size(), 0.5f);
        QCOMPARE(e.mistakes(), (std::vector<std::size_t>{1, 4, 5, 7}));
    }

    void topClassesBestFirst() {
        const Evaluation e = handMade();
        QCOMPARE(e.topClasses(1, 3), (std::vector<int>{1, 0, 2}));
        QCOMPARE(e.topClasses(6, 2), (std::vector<int>{2, 0}));  // 0.3 and 0.3: the lower index first
        QCOMPARE(e.topClasses(0, 10).size(), std::size_t(3));
    }

    void jsonHoldsTheMatrixAndTheSurestMistakes() {
        const Json j = handMade().toJson(2);
        QCOMPARE(j["images"].get<int>(), 8);
        QCOMPARE(j["confusion"][0][1].get<int>(), 2);
        QCOMPARE(j["per_class"][1]["precision"].get<double>(), 0.25);
        QCOMPARE(j["mistakes_total"].get<int>(), 4);
        QCOMPARE(j["mistakes"].size(), std::size_t(2));
        QCOMPARE(j["mistakes"][0]["index"].get<int>(), 5);
        QCOMPARE(j["mistakes"][0]["true"].get<std::string>(), std::string("c"));
        QCOMPARE(j["mistakes"][0]["predicted"].get<std::string>(), std::string("b"));
        QCOMPARE(j["mistakes"][0]["top"][0]["class"].get<std::string>(), std::string("b"));
    }

    // The sample-by-sample pass against the per-epoch score, and its rows
    // against the network's own output for each image.
    void samplesAgreeWithTheScoreForEveryOutputKind_data() {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("loss");
        QTest::addColumn<bool>("probabilities");
        QTest::newRow("softmax") << R"({"type": "Dense", "units": 2, "activation": "softmax"})"
                                 << "categorical_crossentropy" << true;
        QTest::newRow("rbf") << R"({"type": "RBF", "units": 2})" << "categorical_crossentropy" << true;
        QTest::newRow("tanh") << R"({"type": "Dense", "units": 2, "activation": "tanh"})" << "mean_squared_error"
                              << false;
    }
    void samplesAgreeWithTheScoreForEveryOutputKind() {
        QFETCH(QString, layer);
        QFETCH(QString, loss);
        QFETCH(bool, probabilities);
        Trainer trainer(specWith(layer.toUtf8().constData(), loss.toUtf8().constData()), enginetest::tinyTwoClassData(),
                        {.threads = 1, .epochs = 1});
        trainer.run();
        const Dataset& test = trainer.data().test;
        const Score score = trainer.evaluate(test, 7);
        const Evaluation e = trainer.evaluateSamples(test, 7);
        QCOMPARE(e.size(), test.size());
        QCOMPARE(e.scores.size(), test.size() * 2);
        QCOMPARE(e.labels, test.labels);
        QCOMPARE(e.accuracy, score.accuracy);
        QCOMPARE(e.loss, score.loss);
        QCOMPARE(e.probabilities, probabilities);
        std::size_t right = 0;
        for (std::size_t i = 0; i < e.size(); ++i) right += e.labels[i] == e.predicted[i];
        QCOMPARE(double(right) / double(e.size()), e.accuracy);

        // Each row is the network's output for that image alone (batch of one).
        for (std::size_t i : {std::size_t(0), std::size_t(13), e.size() - 1}) {
            Batch one;
            fillBatch(test, std::span(&i, 1), one, LabelEncoding::Integer, float(trainer.spec().data.rescale));
            trainer.network().forward(one.inputs, Mode::Inference);
            Tensor row;
            trainer.network().probabilities(row);
            for (int c = 0; c < 2; ++c) QCOMPARE(e.scoresOf(i)[c], row.data()[c]);
            if (probabilities) QVERIFY(std::abs(row.data()[0] + row.data()[1] - 1.0f) < 1e-6f);
        }
    }

    // An RBF output gives distances: the likeliest class is the nearest, and
    // its score the largest.
    void rbfPredictsTheNearestClass() {
        Trainer trainer(specWith(R"({"type": "RBF", "units": 2})", "categorical_crossentropy"),
                        enginetest::tinyTwoClassData(), {.threads = 1, .epochs = 1});
        const Dataset& test = trainer.data().test;
        const Evaluation e = trainer.evaluateSamples(test);
        std::size_t i = 3;
        Batch one;
        fillBatch(test, std::span(&i, 1), one, LabelEncoding::Integer, float(trainer.spec().data.rescale));
        const Tensor& d = trainer.network().forward(one.inputs, Mode::Inference);
        const int nearest = d.data()[0] <= d.data()[1] ? 0 : 1;
        QCOMPARE(e.predicted[i], nearest);
        QCOMPARE(e.topClasses(i, 1).front(), nearest);
    }
};

QTEST_APPLESS_MAIN(TestEvaluation)
#include "test_evaluation.moc"
