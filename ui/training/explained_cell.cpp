#include "explained_cell.h"

#include "engine/network.h"
#include "engine/training_data.h"

#include <QObject>

#include <stdexcept>

namespace cnnwb::ui {

ExplainedCell explainCell(Network& network, const TrainingData& data, const ExplanationRequest& request,
                          float pixelScale) {
    const auto& layers = network.activeLayers();
    if (request.layer < 1 || std::size_t(request.layer) >= layers.size())
        throw std::out_of_range(QObject::tr("the network has no layer %1 (layers 1 to %2 follow its input)")
                                    .arg(request.layer)
                                    .arg(qsizetype(layers.size()) - 1)
                                    .toStdString());
    Batch batch;
    runImage(network, data, request.part, request.index, pixelScale, batch);
    const std::size_t i = std::size_t(request.layer);
    const Layer& layer = *layers[i];
    ExplainedCell cell;
    cell.request = request;
    cell.explanation = layer.explainOutput(network.layerInput(i).sample(0), request.channel, request.row, request.column);
    cell.layerName = QString::fromStdString(layer.name());
    cell.layerType = QString::fromStdString(layer.type());
    const std::vector<std::string>& classes = data.train.classNames;
    if (i + 1 == layers.size() && std::size_t(request.channel) < classes.size())
        cell.className = QString::fromStdString(classes[std::size_t(request.channel)]);
    const Shape out = layer.outputShape();
    cell.mapValue = network.activation(i).sample(0)[(std::size_t(request.channel) * out.h + request.row) * out.w +
                                                     request.column];
    const Shape in = layer.inputShape();
    if (!cell.explanation.windows.empty() && !in.isFlat()) {
        const float* plane = network.layerInput(i).sample(0) +
                             std::size_t(cell.explanation.windows.front().inputChannel) * in.h * in.w;
        cell.inputHeight = in.h;
        cell.inputWidth = in.w;
        cell.inputPlane = QVector<float>(plane, plane + std::size_t(in.h) * in.w);
    }
    return cell;
}

}  // namespace cnnwb::ui
