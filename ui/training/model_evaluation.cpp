#include "model_evaluation.h"

#include "engine/trainer.h"

#include <QObject>

#include <stdexcept>

namespace cnnwb::ui {

ModelEvaluation evaluateModel(Trainer& trainer, DataPart part) {
    const Dataset& set = datasetOf(trainer.data(), part);
    if (set.empty())
        throw std::invalid_argument(
            QObject::tr("the %1 set holds no images%2")
                .arg(dataPartText(part),
                     part == DataPart::Validation ? QObject::tr(" (set a validation split in Settings to hold some out)")
                                                  : QString())
                .toStdString());
    ModelEvaluation e;
    e.part = part;
    e.result = trainer.evaluateSamples(set);
    e.channels = set.sampleShape.c;
    e.height = set.sampleShape.h;
    e.width = set.sampleShape.w;
    e.pixels = QByteArray(reinterpret_cast<const char*>(set.pixels.data()), qsizetype(set.pixels.size()));
    return e;
}

}  // namespace cnnwb::ui
