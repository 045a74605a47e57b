// A copy of every convolution kernel of a network, taken by the worker thread
// at a batch boundary and handed to the GUI by value: the filter views read
// only this, never the engine's tensors.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace cnnwb {
class Network;
}

namespace cnnwb::ui {

// The kernels of one Conv2D or DepthwiseConv2D layer, in the engine's
// (PyTorch) layout: kernel k, input channel c, row r, column x lives at
// ((k * channels + c) * rows + r) * columns + x.
struct KernelBank {
    QString layerName;
    QString layerType;     // "Conv2D" | "DepthwiseConv2D"
    int kernels = 0;       // Conv2D: filters; DepthwiseConv2D: input channels × multiplier
    int channels = 0;      // input channels each kernel sees (1 for DepthwiseConv2D)
    int inputChannels = 0; // channels of the layer's input
    int rows = 0;
    int columns = 0;
    QVector<float> values;

    bool isDepthwise() const { return layerType == QLatin1String("DepthwiseConv2D"); }
    int depthMultiplier() const { return isDepthwise() && inputChannels > 0 ? kernels / inputChannels : 1; }
    // Which input channel kernel k filters (DepthwiseConv2D), or -1 (Conv2D: all).
    int sourceChannel(int k) const { return isDepthwise() ? k / depthMultiplier() : -1; }
    qsizetype offset(int kernel, int channel) const {
        return (qsizetype(kernel) * channels + channel) * rows * columns;
    }
    float at(int kernel, int channel, int row, int column) const {
        return values[offset(kernel, channel) + qsizetype(row) * columns + column];
    }
};

struct WeightSnapshot {
    quint64 serial = 0;    // grows with every snapshot the worker takes
    int epoch = 0;         // progress when taken (0 before training)
    int batch = 0;
    QList<KernelBank> banks;

    const KernelBank* bank(const QString& layerName) const;
};

// Copies the kernels of every active convolution layer. Only the thread that
// owns the network (the training worker) may call this.
WeightSnapshot captureKernels(Network& network);

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::WeightSnapshot)
