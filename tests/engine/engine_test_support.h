// Helpers shared by the engine's test suites: the message a call throws, and
// a tiny generated two-class data set for training tests.
#pragma once

#include "engine/training_data.h"

#include <cstdint>
#include <functional>
#include <string>

namespace enginetest {

// The message of the exception `f` throws; empty when it throws none.
inline std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

// 40 GENERATED 4×4 grey images per set in two classes, "dark" and "bright",
// with a little texture: a one-layer model separates them within a few steps.
inline cnnwb::TrainingData tinyTwoClassData() {
    cnnwb::TrainingData d;
    for (cnnwb::Dataset* set : {&d.train, &d.test}) {
        set->name = "generated";
        set->sampleShape = cnnwb::Shape{1, 4, 4};
        set->classNames = {"dark", "bright"};
        for (int i = 0; i < 40; ++i) {
            set->labels.push_back(i % 2);
            for (int p = 0; p < 16; ++p) set->pixels.push_back(std::uint8_t((i % 2 ? 180 : 40) + (i * 7 + p * 13) % 50));
        }
    }
    return d;
}

}  // namespace enginetest
