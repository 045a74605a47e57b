#include "strongest_images.h"

#include "engine/filter_responses.h"
#include "engine/training_data.h"

#include <QObject>

#include <algorithm>

#include <stdexcept>

namespace cnnwb::ui {

StrongestImages findStrongestImages(Network& network, const TrainingData& data, const StrongestImagesRequest& request,
                                    float pixelScale, const std::function<bool(int, int)>& progress) {
    const Dataset& set = datasetOf(data, request.part);
    if (set.empty())
        throw std::invalid_argument(QObject::tr("the %1 set holds no images").arg(dataPartText(request.part)).toStdString());
    const std::size_t layer = featureMapLayer(network, request.layer.toStdString());
    const FilterResponses found = strongestResponses(network, set, pixelScale, layer, request.count,
                                                     [&](std::size_t done, std::size_t total) {
                                                         return !progress || progress(int(done), int(total));
                                                     });
    StrongestImages out;
    out.layer = request.layer;
    out.part = request.part;
    out.scanned = int(found.scanned);
    out.total = int(set.size());
    for (const auto& filter : found.filters) {
        QList<StrongPatch> patches;
        for (const FilterResponse& r : filter) {
            StrongPatch p;
            p.sample = int(r.sample);
            p.row = r.row;
            p.column = r.column;
            p.activation = r.activation;
            p.pixels = QRect(r.patch.left, r.patch.top, r.patch.width(), r.patch.height());
            // Half the patch's size around it (at least two pixels): a 5×5 patch alone is hard to place.
            const Shape& shape = set.sampleShape;
            const int margin = std::max(2, std::max(p.pixels.width(), p.pixels.height()) / 2);
            p.context = p.pixels.adjusted(-margin, -margin, margin, margin).intersected(QRect(0, 0, shape.w, shape.h));
            p.channels = shape.c;
            const std::uint8_t* image = set.pixels.data() + r.sample * shape.size();
            for (int c = 0; c < shape.c; ++c)
                for (int y = p.context.top(); y <= p.context.bottom(); ++y)
                    p.crop.append(reinterpret_cast<const char*>(image) + (std::size_t(c) * shape.h + y) * shape.w + p.context.left(),
                                  p.context.width());
            const int label = set.labels[r.sample];
            p.label = label >= 0 && std::size_t(label) < set.classNames.size() ? QString::fromStdString(set.classNames[std::size_t(label)])
                                                                               : QString::number(label);
            patches.push_back(p);
        }
        out.filters.push_back(patches);
    }
    return out;
}

}  // namespace cnnwb::ui
