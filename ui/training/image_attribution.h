// Why the network gave one image its class (engine/attribution.h): the
// saliency and Grad-CAM of a class score, and on request the occlusion map,
// with the image itself, for the Mistakes tab's "why" pane. Computed by the
// worker thread (the owner of the network) and handed over by value.
#pragma once

#include "inspection.h"

#include "engine/attribution.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <optional>

namespace cnnwb::ui {

struct AttributionRequest {
    DataPart part = DataPart::Test;
    int index = 0;
    int classIndex = -1;     // the score explained; -1: the predicted class
    bool occlusion = false;  // also the occlusion map (one forward pass per square)
};

struct ImageAttribution {
    AttributionRequest request;
    int predicted = 0;
    int label = 0;
    Attribution attribution;
    std::optional<OcclusionMap> occlusion;
    int channels = 0, height = 0, width = 0;
    QByteArray pixels;  // the image, raw 0..255, CHW
    QString weights;    // which weights (the worker's caption)
};

// Throws std::out_of_range naming what is outside (image, class). Only the
// thread that owns the network may call this.
ImageAttribution attributeImage(Network& network, const TrainingData& data, const AttributionRequest& request,
                                float pixelScale);

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::ImageAttribution)
