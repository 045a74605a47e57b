// Augmentation: each transform does what Keras's ImageDataGenerator does, and
// the same (seed, epoch, position) always gives the same image.
#include "engine/data/augmentation.h"

#include <QtTest>

#include <tbb/global_control.h>

using namespace cnnwb;

namespace {

Tensor ramp(int n, Shape s) {
    Tensor t(n, s);
    for (int i = 0; i < n; ++i)
        for (std::size_t k = 0; k < s.size(); ++k) t.sample(i)[k] = float((k * 7 + i) % 23) / 22.0f;
    return t;
}

}  // namespace

class TestAugmentation : public QObject {
    Q_OBJECT
private slots:
    void nothingAskedNothingChanged() {
        Tensor t = ramp(4, {3, 8, 8});
        const auto before = t.toVector();
        augmentBatch(t, Augmentation{}, 1.0f, 1, 0, 0);
        QCOMPARE(t.toVector(), before);
    }

    void flipMirrorsOrKeeps() {
        const Shape s{2, 5, 6};
        Tensor t = ramp(16, s);
        const Tensor original = t;
        Augmentation g;
        g.horizontalFlip = true;
        augmentBatch(t, g, 1.0f, 3, 0, 0);
        int flipped = 0;
        for (int n = 0; n < t.batch(); ++n) {
            bool same = true, mirrored = true;
            for (int c = 0; c < s.c; ++c)
                for (int y = 0; y < s.h; ++y)
                    for (int x = 0; x < s.w; ++x) {
                        const float out = t.sample(n)[(c * s.h + y) * s.w + x];
                        same &= out == original.sample(n)[(c * s.h + y) * s.w + x];
                        mirrored &= std::abs(out - original.sample(n)[(c * s.h + y) * s.w + (s.w - 1 - x)]) < 1e-6f;
                    }
            QVERIFY(same || mirrored);
            flipped += mirrored && !same;
        }
        QVERIFY2(flipped > 2 && flipped < 14, "about half the images should be flipped");
    }

    void constantImageSurvivesGeometry() {
        Tensor t(3, {1, 9, 9});
        t.fill(0.5f);
        Augmentation g;
        g.rotationRange = 40;
        g.widthShiftRange = 0.3;
        g.heightShiftRange = 0.3;
        augmentBatch(t, g, 1.0f, 9, 2, 0);
        for (std::size_t i = 0; i < t.size(); ++i) QCOMPARE(t[i], 0.5f);
    }

    void shiftMovesPixels() {
        // A single bright pixel in the middle moves by at most the shift range.
        Tensor t(20, {1, 11, 11});
        t.setZero();
        for (int n = 0; n < 20; ++n) t.sample(n)[5 * 11 + 5] = 1.0f;
        Augmentation g;
        g.widthShiftRange = 0.2;  // ±2.2 pixels
        augmentBatch(t, g, 1.0f, 4, 0, 0);
        int moved = 0;
        for (int n = 0; n < 20; ++n) {
            const float* img = t.sample(n);
            const int best = int(std::max_element(img, img + 121) - img);
            QCOMPARE(best / 11, 5);                 // rows unchanged
            QVERIFY(std::abs(best % 11 - 5) <= 3);  // columns within the range (bilinear spreads it)
            moved += best % 11 != 5;
        }
        QVERIFY(moved > 0);
    }

    void channelShiftStaysInTheImageRange() {
        Tensor t = ramp(8, {3, 4, 4});
        Augmentation g;
        g.channelShiftRange = 100;  // raw units; with rescale 1/255 that is ±0.39
        augmentBatch(t, g, 1.0f / 255.0f, 5, 0, 0);
        for (std::size_t i = 0; i < t.size(); ++i) QVERIFY(t[i] >= 0.0f && t[i] <= 1.0f);
    }

    void reproducibleAtAnyThreadCount() {
        Augmentation g;
        g.rotationRange = 20;
        g.widthShiftRange = 0.2;
        g.heightShiftRange = 0.2;
        g.horizontalFlip = true;
        g.channelShiftRange = 30;
        std::vector<float> results[3];
        for (int run = 0; run < 3; ++run) {
            tbb::global_control threads(tbb::global_control::max_allowed_parallelism, run == 0 ? 1 : 2);
            Tensor t = ramp(12, {3, 10, 10});
            augmentBatch(t, g, 1.0f / 255.0f, 11, 4, 128);
            results[run] = t.toVector();
        }
        QCOMPARE(results[0], results[1]);
        QCOMPARE(results[1], results[2]);
        Tensor other = ramp(12, {3, 10, 10});
        augmentBatch(other, g, 1.0f / 255.0f, 11, 5, 128);  // next epoch: other draws
        QVERIFY(other.toVector() != results[0]);
    }

    // The preview's copies are the training path's samples: copy i of a
    // seed is the batch sample at place i, rounded back to 0..255.
    void previewCopiesAreWhatTrainingDraws() {
        const Shape s{3, 8, 8};
        std::vector<std::uint8_t> pixels(s.size());
        for (std::size_t k = 0; k < pixels.size(); ++k) pixels[k] = std::uint8_t((k * 37) % 256);
        Augmentation g;
        g.rotationRange = 15;
        g.widthShiftRange = 0.25;
        g.horizontalFlip = true;
        g.channelShiftRange = 20;
        const std::vector<std::uint8_t> copies = augmentedCopies(pixels.data(), s, g, 21, 0, 8);
        QCOMPARE(copies.size(), 8 * s.size());

        Tensor batch(8, s);
        for (int n = 0; n < 8; ++n)
            for (std::size_t k = 0; k < s.size(); ++k) batch.sample(n)[k] = float(pixels[k]) / 255.0f;
        augmentBatch(batch, g, 1.0f / 255.0f, 21, 0, 0);
        for (int n = 0; n < 8; ++n)
            for (std::size_t k = 0; k < s.size(); ++k)
                QVERIFY(std::abs(int(copies[std::size_t(n) * s.size() + k]) - int(std::lround(batch.sample(n)[k] * 255.0f))) <= 1);

        // Another seed draws other copies; no augmentation gives the image itself, 8 times.
        QVERIFY(augmentedCopies(pixels.data(), s, g, 22, 0, 8) != copies);
        const std::vector<std::uint8_t> plain = augmentedCopies(pixels.data(), s, Augmentation{}, 21, 0, 8);
        for (int n = 0; n < 8; ++n)
            QVERIFY(std::equal(pixels.begin(), pixels.end(), plain.begin() + std::ptrdiff_t(n * s.size())));
    }
};

QTEST_GUILESS_MAIN(TestAugmentation)
#include "test_augmentation.moc"
