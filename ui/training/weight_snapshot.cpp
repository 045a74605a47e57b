#include "weight_snapshot.h"

#include "engine/network.h"

namespace cnnwb::ui {

const KernelBank* WeightSnapshot::bank(const QString& layerName) const {
    for (const KernelBank& b : banks)
        if (b.layerName == layerName) return &b;
    return nullptr;
}

WeightSnapshot captureKernels(Network& network) {
    WeightSnapshot snapshot;
    for (Layer* layer : network.activeLayers()) {
        for (const Param& p : layer->params()) {
            if (p.role != ParamRole::Filter || !p.value) continue;
            const Tensor& t = *p.value;
            KernelBank bank;
            bank.layerName = QString::fromStdString(layer->name());
            bank.layerType = QString::fromStdString(layer->type());
            bank.paramName = QString::fromStdString(p.name);
            bank.key = layer->name() + "/" + p.name;
            bank.kernels = t.batch();
            bank.channels = t.sampleShape().c;
            bank.inputChannels = layer->inputShape().c;
            bank.groups = p.filterGroups;
            bank.rows = t.sampleShape().h;
            bank.columns = t.sampleShape().w;
            bank.values = QVector<float>(t.data(), t.data() + t.size());
            snapshot.banks.push_back(std::move(bank));
        }
    }
    return snapshot;
}

}  // namespace cnnwb::ui
