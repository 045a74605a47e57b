// Made-up training history for the dashboard's tests and its timing
// benchmark: batch losses falling as 1/n, accuracies rising, epoch scores.
#pragma once

#include "engine/trainer.h"

#include <QList>

#include <optional>

namespace cnnwb::ui::testing {

inline QList<BatchStats> batches(int epoch, int from, int to, int perEpoch, double elapsedPerBatch = 0.01) {
    QList<BatchStats> out;
    for (int b = from; b <= to; ++b) {
        const int done = (epoch - 1) * perEpoch + b;
        out.push_back({epoch, b, perEpoch, 1.0 / done, 1.0 - 1.0 / (done + 1), 1000, done * elapsedPerBatch});
    }
    return out;
}

inline EpochStats epochScore(int epoch, std::optional<double> validation, double test) {
    EpochStats e;
    e.epoch = epoch;
    e.train = {0.5 / epoch, 0.9};
    if (validation) e.validation = Score{0.4 / epoch, *validation};
    e.test = Score{0.45 / epoch, test};
    return e;
}

}  // namespace cnnwb::ui::testing
