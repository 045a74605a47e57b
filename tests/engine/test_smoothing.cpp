// Smoothing against hand-computed values; the raw series is never changed,
// and a live Smoother gives the same numbers as the whole-series function.
#include "engine/smoothing.h"

#include <QtTest>

using namespace cnnwb;

namespace {

void compareSeries(const std::vector<double>& actual, const std::vector<double>& expected) {
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i)
        QVERIFY2(std::abs(actual[i] - expected[i]) < 1e-12,
                 qPrintable(QString("point %1: %2 vs %3").arg(i).arg(actual[i], 0, 'g', 17).arg(expected[i], 0, 'g', 17)));
}

}  // namespace

class TestSmoothing : public QObject {
    Q_OBJECT
private slots:
    void noneGivesTheRawValues() {
        const std::vector<double> raw{3, 1, 4, 1, 5};
        compareSeries(smoothed(raw, {Smoothing::Method::None}), raw);
        QCOMPARE(QString::fromStdString(Smoothing{Smoothing::Method::None}.text()), QString("none"));
    }

    // Window 2 over 1, 2, 3, 5: 1, (1+2)/2, (2+3)/2, (3+5)/2.
    void movingAverage() {
        Smoothing s{Smoothing::Method::MovingAverage, 2};
        compareSeries(smoothed({1, 2, 3, 5}, s), {1, 1.5, 2.5, 4});
        // Window 3 over 10 points: the start averages what there is.
        s.window = 3;
        compareSeries(smoothed({3, 6, 9, 0, 0, 0, 3, 3, 3, 9}, s), {3, 4.5, 6, 5, 3, 0, 1, 2, 3, 5});
        QCOMPARE(QString::fromStdString(s.text()), QString("moving average over 3 points"));
    }

    // Weight 0.5 over 1, 2, 3, bias-corrected:
    //   a1 = 0.5·0 + 0.5·1 = 0.5,   ÷ (1 − 0.5)   = 1
    //   a2 = 0.5·0.5 + 0.5·2 = 1.25, ÷ (1 − 0.25) = 5/3
    //   a3 = 0.5·1.25 + 0.5·3 = 2.125, ÷ (1 − 0.125) = 17/7
    void exponentialIsBiasCorrected() {
        const Smoothing s{Smoothing::Method::Exponential, 0, 0.5};
        compareSeries(smoothed({1, 2, 3}, s), {1, 5.0 / 3.0, 17.0 / 7.0});
        QCOMPARE(QString::fromStdString(s.text()), QString("exponential, weight 0.5, bias-corrected"));
        // Weight 0 is no smoothing.
        compareSeries(smoothed({4, 8}, {Smoothing::Method::Exponential, 0, 0.0}), {4, 8});
    }

    void liveAndWholeAgree() {
        std::vector<double> raw;
        for (int i = 0; i < 1000; ++i) raw.push_back(std::sin(i * 0.1) + 0.01 * i);
        const std::vector<double> copy = raw;
        for (const Smoothing& s : {Smoothing{Smoothing::Method::MovingAverage, 37}, Smoothing{}}) {
            Smoother live(s);
            std::vector<double> one;
            for (double v : raw) one.push_back(live.next(v));
            compareSeries(one, smoothed(raw, s));
        }
        QVERIFY(raw == copy);  // the raw values are untouched
    }
};

QTEST_APPLESS_MAIN(TestSmoothing)
#include "test_smoothing.moc"
