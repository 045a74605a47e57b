#include "image_attribution.h"

#include "engine/training_data.h"

#include <algorithm>

namespace cnnwb::ui {

ImageAttribution attributeImage(Network& network, const TrainingData& data, const AttributionRequest& request,
                                float pixelScale) {
    Batch batch;
    runImage(network, data, request.part, request.index, pixelScale, batch);  // checks the index
    Tensor scores;
    network.probabilities(scores);
    const Dataset& set = datasetOf(data, request.part);
    const std::size_t sample = std::size_t(request.index);
    ImageAttribution a;
    a.request = request;
    a.label = set.labels[sample];
    a.predicted = int(std::max_element(scores.data(), scores.data() + scores.sampleSize()) - scores.data());
    const int classIndex = request.classIndex < 0 ? a.predicted : request.classIndex;
    a.attribution = attributeClass(network, batch.inputs, classIndex);
    if (request.occlusion) {
        // A square about a seventh of the image (4 px on MNIST's 28), moved by half its side.
        const int side = std::max(1, std::min(set.sampleShape.h, set.sampleShape.w) / 7);
        a.occlusion = occlusionMap(network, batch.inputs, classIndex, {.patch = side, .stride = std::max(1, side / 2), .fill = 0});
    }
    a.channels = set.sampleShape.c;
    a.height = set.sampleShape.h;
    a.width = set.sampleShape.w;
    a.pixels = QByteArray(reinterpret_cast<const char*>(set.samplePixels(sample)), qsizetype(set.sampleShape.size()));
    return a;
}

}  // namespace cnnwb::ui
