// The dashboard's one-line status: state, epoch, batch, images/s, elapsed,
// ETA and the best validation accuracy so far, e.g.
//   "Training · epoch 3/10 · batch 1,250/3,750 · 8,412 images/s · elapsed 0:42 ·
//    ETA 2:31 · best validation accuracy 0.9712 (epoch 2)"
#pragma once

#include "metrics_history.h"
#include "ui/training/run_info.h"
#include "ui/training/training_state.h"

#include <QString>

namespace cnnwb::ui {

QString trainingStatusText(TrainingState state, const RunInfo& info, const MetricsHistory& history);

// 75 → "1:15", 3725 → "1:02:05".
QString durationText(double seconds);
// Seconds left at the current pace: elapsed × remaining / done batches.
std::optional<double> remainingSeconds(const RunInfo& info, const BatchStats& last);

}  // namespace cnnwb::ui
