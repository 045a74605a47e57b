#include "inspection.h"

#include "engine/network.h"
#include "engine/trainer.h"
#include "engine/training_data.h"

#include <QObject>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cnnwb::ui {

QString dataPartText(DataPart part) {
    switch (part) {
    case DataPart::Training: return QObject::tr("training");
    case DataPart::Validation: return QObject::tr("validation");
    case DataPart::Test: return QObject::tr("test");
    }
    return {};
}

const Dataset& datasetOf(const TrainingData& data, DataPart part) {
    switch (part) {
    case DataPart::Training: return data.train;
    case DataPart::Validation: return data.validation;
    case DataPart::Test: break;
    }
    return data.test;
}

static ActivationMap mapOf(const Layer& layer, const Tensor& out) {
    ActivationMap map;
    map.layerName = QString::fromStdString(layer.name());
    map.layerType = QString::fromStdString(layer.type());
    const Shape s = out.sampleShape();
    map.flat = s.isFlat();
    map.explained = layer.explainsOutput();
    map.channels = s.c;
    map.height = s.h;
    map.width = s.w;
    map.values = QVector<float>(out.data(), out.data() + out.sampleSize());
    return map;
}

void runImage(Network& network, const TrainingData& data, DataPart part, int index, float pixelScale, Batch& batch) {
    const Dataset& set = datasetOf(data, part);
    if (index < 0 || std::size_t(index) >= set.size())
        throw std::out_of_range(QObject::tr("image %1 is not in the %2 set, which holds images 0 to %3")
                                    .arg(index)
                                    .arg(dataPartText(part))
                                    .arg(qsizetype(set.size()) - 1)
                                    .toStdString());
    const std::size_t sample = std::size_t(index);
    fillBatch(set, std::span(&sample, 1), batch, LabelEncoding::Integer, pixelScale);
    network.forward(batch.inputs, Mode::Inference);
}

Inspection inspectImage(Network& network, const TrainingData& data, const InspectionRequest& request,
                        float pixelScale) {
    Batch batch;
    runImage(network, data, request.part, request.index, pixelScale, batch);
    const Dataset& set = datasetOf(data, request.part);
    const std::size_t index = std::size_t(request.index);

    Inspection result;
    result.part = request.part;
    result.index = request.index;
    result.label = set.labels[index];
    for (const std::string& name : set.classNames) result.classNames << QString::fromStdString(name);
    result.channels = set.sampleShape.c;
    result.height = set.sampleShape.h;
    result.width = set.sampleShape.w;
    result.pixels = QByteArray(reinterpret_cast<const char*>(set.samplePixels(index)), qsizetype(set.sampleShape.size()));

    addLayersAndProbabilities(network, result);
    return result;
}

Inspection inspectPixels(Network& network, const QByteArray& pixels, const QStringList& classNames, float pixelScale) {
    const Shape shape = network.inputShape();
    if (std::size_t(pixels.size()) != shape.size())
        throw std::invalid_argument(QObject::tr("the model reads %1 images (%2 values); the drawing has %3")
                                        .arg(QString::fromStdString(shape.str()))
                                        .arg(qulonglong(shape.size()))
                                        .arg(pixels.size())
                                        .toStdString());
    Tensor input;
    input.resize(1, shape);
    for (qsizetype i = 0; i < pixels.size(); ++i) input.data()[i] = float(std::uint8_t(pixels[i])) * pixelScale;
    network.forward(input, Mode::Inference);
    Inspection result;
    result.drawn = true;
    result.label = -1;
    result.classNames = classNames;
    result.channels = shape.c;
    result.height = shape.h;
    result.width = shape.w;
    result.pixels = pixels;
    addLayersAndProbabilities(network, result);
    return result;
}

void addLayersAndProbabilities(Network& network, Inspection& result) {
    const auto& layers = network.activeLayers();
    for (std::size_t i = 1; i < layers.size(); ++i) result.layers.push_back(mapOf(*layers[i], network.activation(i)));

    Tensor probabilities;
    network.probabilities(probabilities);
    result.probabilities = QVector<float>(probabilities.data(), probabilities.data() + probabilities.sampleSize());
    // The last layer's map shows what the person expects of an output layer:
    // probabilities, not the logits the loss was handed.
    if (network.outputIsLogits()) result.layers.back().values = result.probabilities;
    result.predicted = result.probabilities.isEmpty()
                           ? -1
                           : int(std::max_element(result.probabilities.begin(), result.probabilities.end()) -
                                 result.probabilities.begin());
}

}  // namespace cnnwb::ui
