// What each filter of a layer responds to, for the Filters tab: per filter
// the images of a data part whose strongest value of that filter's map is
// largest (engine/filter_responses.h), each with that value, where it is and
// the patch of the image it sees, cut out as a picture. Computed by the
// worker thread (the owner of the network) and handed over by value.
#pragma once

#include "inspection.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QRect>
#include <QString>

#include <functional>

namespace cnnwb {
class Network;
}

namespace cnnwb::ui {

struct StrongestImagesRequest {
    QString layer;
    DataPart part = DataPart::Test;
    int count = 9;
};

struct StrongPatch {
    int sample = 0;     // index in the data part
    int row = 0;        // where in the filter's map
    int column = 0;
    float activation = 0;
    QRect pixels;       // the patch of the image (its receptive field)
    QRect context;      // the patch with some of the image around it (what `crop` holds)
    int channels = 1;
    QByteArray crop;    // raw 0..255 pixels of `context`, cut out of the image (CHW)
    QString label;      // the image's true class
};

struct StrongestImages {
    QString layer;
    DataPart part = DataPart::Test;
    int scanned = 0;    // images looked at
    int total = 0;      // images in the part
    QList<QList<StrongPatch>> filters;  // per filter, strongest first
    QString weights;    // which weights answered (the worker's caption)

    bool complete() const { return scanned == total; }
};

// Scans `part` of `data` with `network`; `progress(done, total)` after each
// batch, false to stop (the result then covers what was scanned). Throws
// std::invalid_argument naming the layer or the part when there is nothing to
// scan. Only the thread that owns the network may call this.
StrongestImages findStrongestImages(Network& network, const TrainingData& data, const StrongestImagesRequest& request,
                                    float pixelScale, const std::function<bool(int, int)>& progress);

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::StrongestImages)
