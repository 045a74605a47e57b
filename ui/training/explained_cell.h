// One value of a feature map taken apart (engine/cell_explanation.h): the
// request names an image, an active layer and a position in its output; the
// answer holds the layer's explanation, the value the map shows (to check
// against) and the input plane the window slides over, so the panel can draw
// where the window lies. Computed by the worker thread (the owner of the
// network) and handed over by value.
#pragma once

#include "inspection.h"

#include "engine/cell_explanation.h"

#include <QMetaType>
#include <QString>
#include <QVector>

namespace cnnwb::ui {

struct ExplanationRequest {
    DataPart part = DataPart::Test;
    int index = 0;    // image in the part
    int layer = 1;    // active layer (1: the first after Input; Inspection::layers[layer - 1])
    int channel = 0, row = 0, column = 0;
};

struct ExplainedCell {
    ExplanationRequest request;
    CellExplanation explanation;
    QString layerName, layerType;
    QString className;         // for the last layer: the class of the unit explained; else empty
    float mapValue = 0;        // what the forward pass put at that position
    // The input plane the first window lies on (height × width, row-major).
    int inputHeight = 0, inputWidth = 0;
    QVector<float> inputPlane;
    QString weights;           // which weights (the worker's caption)
};

// Runs the image through `network` and asks the layer. Throws
// std::out_of_range naming what is outside (image, layer, position) and
// std::invalid_argument for a layer that does not explain its values. Only
// the thread that owns the network may call this.
ExplainedCell explainCell(Network& network, const TrainingData& data, const ExplanationRequest& request,
                          float pixelScale);

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::ExplainedCell)
