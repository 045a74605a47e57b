// A run's progress as one CSV table, ready for a spreadsheet or pandas: one
// row per training batch and per epoch score.
//   series,epoch,batch,x,loss,accuracy,images_per_second,elapsed_seconds
//   training_batch,1,1,0.000267,0.0923,0.125,812.5,0.02
//   training_epoch,1,,1,0.031,0.857,9120,,
//   validation,1,,1,...    test,1,,1,...
// x is the position on the charts' epoch axis.
#pragma once

#include "metrics_history.h"

#include <QString>

namespace cnnwb::ui {

QString historyCsv(const MetricsHistory& history);
// Writes atomically; returns an empty string or the reason it failed.
QString saveHistoryCsv(const MetricsHistory& history, const QString& path);

}  // namespace cnnwb::ui
