// Drawn digits made MNIST-like (engine/data/mnist_style.h): a bar drawn on a
// 280×280 canvas becomes a 20-pixel bar centred by its mass in 28×28, exactly;
// a slanted stroke keeps its long side at 20 and its centre of mass at the
// centre; nothing drawn gives nothing; wrong sizes are named.
#include "engine/data/mnist_style.h"
#include "engine/errors.h"

#include "engine_test_support.h"

#include <QTest>

#include <cmath>

using namespace cnnwb;

class TestMnistStyle : public QObject {
    Q_OBJECT
private slots:
    void aBarBecomesATwentyPixelBarAtTheCentre() {
        std::vector<std::uint8_t> canvas(280 * 280, 0);
        for (int y = 40; y < 240; ++y)
            for (int x = 50; x < 70; ++x) canvas[std::size_t(y) * 280 + x] = 255;
        const std::vector<std::uint8_t> d = mnistStyleDigit(canvas, 280, 280);
        QCOMPARE(d.size(), std::size_t(28 * 28));
        // 20×200 → 2×20; its centre of mass (9.5, 0.5) goes to (13.5, 13.5): rows 4..23, columns 13..14.
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) {
                const bool ink = y >= 4 && y <= 23 && x >= 13 && x <= 14;
                QCOMPARE(int(d[std::size_t(y) * 28 + x]), ink ? 255 : 0);
            }
    }

    void aSlantedStrokeFitsTheBoxAndIsCentredByMass() {
        std::vector<std::uint8_t> canvas(300 * 200, 0);  // not square, stroke off-centre
        for (int t = 0; t < 150; ++t)
            for (int w = -6; w <= 6; ++w) {
                const int y = 20 + t, x = 120 + t / 3 + w;
                canvas[std::size_t(y) * 200 + x] = 255;
            }
        const std::vector<std::uint8_t> d = mnistStyleDigit(canvas, 300, 200);
        int top = 28, bottom = -1, left = 28, right = -1;
        double mass = 0, cy = 0, cx = 0;
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x)
                if (const double v = d[std::size_t(y) * 28 + x]) {
                    top = std::min(top, y);
                    bottom = std::max(bottom, y);
                    left = std::min(left, x);
                    right = std::max(right, x);
                    mass += v;
                    cy += v * y;
                    cx += v * x;
                }
        QCOMPARE(bottom - top + 1, 20);  // the long side fills the box
        QVERIFY(right - left + 1 < 20);
        QVERIFY2(std::abs(cy / mass - 13.5) <= 0.5 && std::abs(cx / mass - 13.5) <= 0.5,
                 qPrintable(QString("centre of mass %1, %2").arg(cy / mass).arg(cx / mass)));
    }

    void nothingDrawnGivesNothing() {
        const std::vector<std::uint8_t> d = mnistStyleDigit(std::vector<std::uint8_t>(50 * 40, 0), 50, 40);
        QCOMPARE(d, std::vector<std::uint8_t>(28 * 28, 0));
    }

    void wrongSizesAreNamed() {
        const std::string e = enginetest::errorOf([] { mnistStyleDigit(std::vector<std::uint8_t>(10, 0), 3, 3); });
        QVERIFY2(e.find("3×3 and 10 bytes") != std::string::npos, e.c_str());
        QVERIFY(!enginetest::errorOf([] { mnistStyleDigit({}, 0, 0); }).empty());
    }
};

QTEST_APPLESS_MAIN(TestMnistStyle)
#include "test_mnist_style.moc"
