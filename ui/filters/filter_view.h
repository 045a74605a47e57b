// The "Filters" tab: for the chosen Conv2D/DepthwiseConv2D layer, a grid of
// its kernels, each a small table of weights on a diverging colour (shared
// or per-kernel scale), the input channel to show, a colour bar, and for
// first layers on colour images the kernels as pictures. While training it
// asks the controller for a fresh copy a few times a second (unless frozen);
// it only ever reads those copies. Exports a layer as CSV (one table per
// kernel) or PNG (what the tab shows).
#pragma once

#include "ui/training/weight_snapshot.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QScrollArea;
class QSpinBox;
class QTimer;

namespace cnnwb::ui {

class ColourBar;
class KernelCell;
class KernelTableModel;
class MessageBanner;
class TileGrid;
class TrainingController;

class FilterView : public QWidget {
    Q_OBJECT
public:
    explicit FilterView(QWidget* parent = nullptr);

    // Live updates from `controller` (one per view).
    void attach(TrainingController* controller);
    // Shows `snapshot` (a frozen view still accepts snapshots given here).
    void showSnapshot(const WeightSnapshot& snapshot);

    void setLayer(const QString& layerName);
    // 0-based; -1: all input channels side by side (offered for up to 4, and
    // the first choice then: a first layer's R, G and B).
    void setInputChannel(int channel);
    void setPerKernelScale(bool on);
    void setFrozen(bool on);
    bool isFrozen() const;

    const WeightSnapshot& snapshot() const { return snapshot_; }
    const KernelBank* currentBank() const;
    int inputChannel() const;
    int kernelCount() const { return int(cells_.size()); }
    // Kernel `kernel`'s table `channelTable` (0 unless the channels are side by side).
    KernelTableModel* kernelModel(int kernel, int channelTable = 0) const;
    int channelTables() const;
    // The part of the tab a PNG export shows (heading, colour bar, kernels).
    QWidget* sheet() const { return sheet_; }

    QString exportCsv(const QString& path) const;
    QString exportPng(const QString& path) const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void rebuildLayerList();
    void showCurrentLayer();
    void ensureCells(int count);
    void relayout();
    void requestLive();
    void chooseExport(const QString& kind);

    TrainingController* controller_ = nullptr;
    WeightSnapshot snapshot_;
    QComboBox* layer_;
    QSpinBox* channel_;
    QLabel* channelLabel_;
    QComboBox* scaleMode_;
    QCheckBox* freeze_;
    QCheckBox* images_;
    QLabel* heading_;
    QLabel* empty_;
    ColourBar* colourBar_;
    TileGrid* rgb_;
    MessageBanner* banner_;
    QScrollArea* scroll_;
    QWidget* sheet_;
    QWidget* grid_;
    QGridLayout* gridLayout_;
    QList<KernelCell*> cells_;
    int columns_ = 0;
    int tablesShown_ = 1;
    bool channelChosen_ = false;  // the person picked a channel: keep it
    QTimer* live_;
};

}  // namespace cnnwb::ui
