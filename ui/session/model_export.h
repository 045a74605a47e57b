// File → Export → PyTorch project… and ONNX model…: the open experiment as
// it is now (its layers, settings and, when they belong to these layers, the
// last run's weights and optimizer state) written by the engine's exporters
// (engine/export/), the same files `cnnwb export` writes.
#pragma once

#include "ui/document/experiment_document.h"

#include <QString>

namespace cnnwb::ui {

// Each returns what was written, for the status bar; throws SpecError (a
// model with an error, a layer or setting that cannot be exported) or
// FileWriteError with a message for the user.
QString exportPyTorchFromDocument(const ExperimentDocument& document, const QString& folder);
QString exportOnnxFromDocument(const ExperimentDocument& document, const QString& file);

}  // namespace cnnwb::ui
