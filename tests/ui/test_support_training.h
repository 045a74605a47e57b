// Shared by the GUI II tests (dashboard, filters, feature maps, data browser):
// where MNIST is, small specs, and synthetic data sets for tests that do not
// need the real files.
#pragma once

#include "engine/data/dataset.h"
#include "engine/model_spec.h"
#include "engine/presets.h"
#include "engine/training_data.h"

#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace cnnwb::testing {

// MNIST comes from CNNWB_DATA; tests that need it fail, never skip, without it.
inline std::filesystem::path mnistDir() {
    const char* dir = std::getenv("CNNWB_DATA");
    return dir ? std::filesystem::path(dir) : std::filesystem::path();
}

inline bool requireMnist() {
    if (mnistDir().empty()) {
        QTest::qFail("CNNWB_DATA is not set: point it at the folder holding mnist/ (in CI: ../shared/data)", __FILE__,
                     __LINE__);
        return false;
    }
    if (!std::filesystem::exists(mnistDir() / "mnist")) {
        QTest::qFail("CNNWB_DATA has no mnist/ folder", __FILE__, __LINE__);
        return false;
    }
    return true;
}

// A preset with fewer epochs and (optionally) no per-epoch test pass.
inline ModelSpec presetWith(const char* id, int epochs, bool testEachEpoch = true) {
    ModelSpec spec = loadPreset(id);
    spec.training.epochs = epochs;
    spec.data.testEachEpoch = testEachEpoch;
    return spec;
}

// `count` images of `shape` whose pixels encode index and label, label = i % classes.
inline Dataset syntheticDataset(const std::string& name, std::size_t count, Shape shape, int classes = 10) {
    Dataset d;
    d.name = name;
    d.sampleShape = shape;
    for (int c = 0; c < classes; ++c) d.classNames.push_back(std::to_string(c));
    d.pixels.resize(count * shape.size());
    for (std::size_t i = 0; i < count; ++i) {
        d.labels.push_back(int(i % std::size_t(classes)));
        for (std::size_t p = 0; p < shape.size(); ++p) d.pixels[i * shape.size() + p] = std::uint8_t((i * 7 + p * 3) % 256);
    }
    return d;
}

inline TrainingData syntheticData(std::size_t train = 200, std::size_t validation = 0, std::size_t test = 50,
                                  Shape shape = {1, 28, 28}) {
    return {syntheticDataset("synthetic-train", train, shape), syntheticDataset("synthetic-validation", validation, shape),
            syntheticDataset("synthetic-test", test, shape)};
}

// Waits for the next emission; QSignalSpy::wait only counts emissions after the call.
// Sanitizer builds run 5–20 times slower: their test presets set
// CNNWB_TEST_TIMEOUT_SCALE, which stretches every wait rather than failing by the clock.
inline bool waitFor(QSignalSpy& spy, int count = 1, int timeoutMs = 120000) {
    timeoutMs *= std::max(1, qEnvironmentVariableIntValue("CNNWB_TEST_TIMEOUT_SCALE"));
    QElapsedTimer t;
    t.start();
    while (spy.count() < count && t.elapsed() < timeoutMs) spy.wait(std::min<qint64>(500, timeoutMs - t.elapsed()));
    return spy.count() >= count;
}

}  // namespace cnnwb::testing
