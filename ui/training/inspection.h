// One image run through the current network, for the feature-map view: the
// image itself, its true label, the predicted class probabilities and every
// active layer's output. Computed by the worker thread (the owner of the
// network) and handed over by value.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace cnnwb {
class Network;
struct Batch;
struct TrainingData;
struct Dataset;
}

namespace cnnwb::ui {

enum class DataPart { Training, Validation, Test };
QString dataPartText(DataPart part);

struct InspectionRequest {
    DataPart part = DataPart::Test;
    int index = 0;
};

// One layer's output for one image: `channels` maps of height × width (a flat
// vector has channels = length, height = width = 1 and flat = true).
struct ActivationMap {
    QString layerName;
    QString layerType;
    int channels = 0;
    int height = 0;
    int width = 0;
    bool flat = false;
    QVector<float> values;  // CHW
    bool explained = false;  // the layer takes a value apart on request (explained_cell.h)
};

struct Inspection {
    DataPart part = DataPart::Test;
    int index = 0;
    int label = 0;
    int predicted = 0;
    QStringList classNames;
    int channels = 0;
    int height = 0;
    int width = 0;
    QByteArray pixels;            // the raw 0..255 image, CHW
    QVector<float> probabilities;  // one per class
    QList<ActivationMap> layers;   // every active layer after Input, in order
    int epoch = 0;                 // training progress when computed
    int batch = 0;
    QString weights;               // which weights computed it (WeightSnapshot::caption)
    bool drawn = false;            // a drawn image (inspectPixels), not one of the data set's; label -1
};

// The data set a part names (validation may be empty).
const Dataset& datasetOf(const TrainingData& data, DataPart part);

// Runs image `index` of `part` through `network` in inference mode, with
// `batch` as its one-image input (the first layer's input while it lives).
// Throws std::out_of_range naming the valid range when the index is outside the set.
void runImage(Network& network, const TrainingData& data, DataPart part, int index, float pixelScale, Batch& batch);

// Runs image `request.index` of `data` through `network` in inference mode.
// `pixelScale` is the spec's rescale. Throws std::out_of_range naming the
// valid range when the index is outside the set. Only the thread that owns
// the network may call this.
Inspection inspectImage(Network& network, const TrainingData& data, const InspectionRequest& request,
                        float pixelScale);
// The same for an image that is not in the data: `pixels` raw 0..255 in the
// network's input shape (CHW). Throws std::invalid_argument when the size differs.
Inspection inspectPixels(Network& network, const QByteArray& pixels, const QStringList& classNames, float pixelScale);
// After a forward pass: every layer's output, the class probabilities and the prediction into `result`.
void addLayersAndProbabilities(Network& network, Inspection& result);

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::Inspection)
