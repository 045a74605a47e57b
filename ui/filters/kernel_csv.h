// A layer's kernels as CSV, one small table per kernel slice like the E2
// author's spreadsheet: a title line, then the rows of weights, then a blank
// line. Values are written with 9 significant digits, enough to read every
// float back exactly.
//
//   # CNN Workbench filters: layer h1 (Conv2D), 16 kernels of 5×5, 1 input channel
//   # weights: after epoch 10, batch 3750
//   kernel 1 channel 1
//   0.0123,-0.0456,...
//   ...
//
//   kernel 2 channel 1
#pragma once

#include "ui/training/weight_snapshot.h"

#include <QList>
#include <QString>

namespace cnnwb::ui {

struct KernelCsvTable {
    int kernel = 0;   // 0-based
    int channel = 0;  // 0-based (the input channel; 0 for DepthwiseConv2D)
    int rows = 0;
    int columns = 0;
    QVector<float> values;
};

// `weights` says which weights these are (WeightSnapshot::caption).
QString kernelsCsv(const KernelBank& bank, const QString& weights = {});
// Returns an empty string or the reason the file could not be written.
QString saveKernelsCsv(const KernelBank& bank, const QString& weights, const QString& path);
// Reads what kernelsCsv wrote; `error` (when given) says what is wrong.
QList<KernelCsvTable> parseKernelsCsv(const QString& text, QString* error = nullptr);

}  // namespace cnnwb::ui
