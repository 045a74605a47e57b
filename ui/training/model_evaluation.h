// The current network scored on a whole data part (test, validation or
// training), sample by sample, for the Mistakes tab: the engine's Evaluation
// plus a copy of that part's images, so the view can show any of them
// without reaching into the worker's data. Computed by the worker thread (the
// owner of the network) and handed over by value.
#pragma once

#include "inspection.h"

#include "engine/evaluation.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace cnnwb {
class Trainer;
}

namespace cnnwb::ui {

struct ModelEvaluation {
    DataPart part = DataPart::Test;
    Evaluation result;
    int channels = 0;
    int height = 0;
    int width = 0;
    QByteArray pixels;   // every image of the part, raw 0..255, CHW, in data-set order
    int epoch = 0;       // training progress when computed
    int batch = 0;
    QString weights;     // which weights were scored (the worker's caption)

    bool isEmpty() const { return result.size() == 0; }
    const std::uint8_t* imagePixels(std::size_t sample) const {
        return reinterpret_cast<const std::uint8_t*>(pixels.constData()) +
               sample * std::size_t(channels) * std::size_t(height) * std::size_t(width);
    }
};

// Scores `part` of the trainer's data with its network. Throws
// std::invalid_argument naming the part when it holds no images. Only the
// thread that owns the trainer may call this.
ModelEvaluation evaluateModel(Trainer& trainer, DataPart part);

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::ModelEvaluation)
