// An evaluation as CSV for a spreadsheet: the confusion matrix (rows true,
// columns predicted), the per-class metrics, or the images of one cell with
// their top 3 classes. Each starts with "#" lines saying what was scored with
// which weights; numbers are written so they read back exactly.
#pragma once

#include "ui/training/model_evaluation.h"

#include <QString>

#include <cstddef>
#include <vector>

namespace cnnwb::ui {

QString confusionCsv(const ModelEvaluation& evaluation);
QString classMetricsCsv(const ModelEvaluation& evaluation);
// `samples`: indices into the evaluation, in the order to write them.
QString imagesCsv(const ModelEvaluation& evaluation, const std::vector<std::size_t>& samples);

}  // namespace cnnwb::ui
