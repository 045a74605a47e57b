// A copy of every convolution kernel of a network, taken by the worker thread
// at a batch boundary and handed to the GUI by value: the filter views read
// only this, never the engine's tensors. Which parameters are kernels is the
// layers' own answer (ParamRole::Filter), not a list of type names.
#pragma once

#include "engine/weight_history.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <memory>

namespace cnnwb {
class Network;
}

namespace cnnwb::ui {

// The kernels of one convolution layer, in the engine's (PyTorch) layout:
// kernel k, input channel c, row r, column x lives at
// ((k * channels + c) * rows + r) * columns + x.
struct KernelBank {
    QString layerName;
    QString layerType;     // for captions: "Conv2D"
    QString paramName;     // "kernel", "depthwise_kernel"
    std::string key;       // "layer/param", as sessions and the weight history name it
    int kernels = 0;       // filters
    int channels = 0;      // input channels each kernel sees
    int inputChannels = 0; // channels of the layer's input
    int groups = 1;        // input channels and kernels fall into this many groups (Param::filterGroups)
    int rows = 0;
    int columns = 0;
    QVector<float> values;

    int kernelsPerGroup() const { return groups > 0 ? kernels / groups : kernels; }
    // Each kernel filters one input channel of its own (depthwise): sourceChannel(k) names it.
    bool filtersOneChannel() const { return groups > 1 && channels == 1; }
    // Which input channel kernel k filters, or -1 when it sees them all.
    int sourceChannel(int k) const { return filtersOneChannel() ? k / kernelsPerGroup() : -1; }
    qsizetype offset(int kernel, int channel) const {
        return (qsizetype(kernel) * channels + channel) * rows * columns;
    }
    float at(int kernel, int channel, int row, int column) const {
        return values[offset(kernel, channel) + qsizetype(row) * columns + column];
    }
};

struct WeightSnapshot {
    quint64 serial = 0;    // grows with every snapshot the worker takes
    int epoch = 0;         // progress of the run when taken (0: no batch trained in it)
    int batch = 0;
    // What these weights are, for every caption and export: "after epoch 3,
    // batch 1875", "loaded from e1.cnnwb (after epoch 10, batch 3750)",
    // "initial weights (seed 1), before training".
    QString caption;
    QList<KernelBank> banks;
    // The filters as the run went (copies before training, every N batches
    // and at epoch ends), shared read-only: a new copy only when it changed.
    std::shared_ptr<const WeightHistory> history;

    const KernelBank* bank(const QString& layerName) const;
};

// Copies the filters of every active layer. Only the thread that owns the
// network (the training worker) may call this.
WeightSnapshot captureKernels(Network& network);

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::WeightSnapshot)
