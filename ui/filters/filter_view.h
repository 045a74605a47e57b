// The "Filters" tab: for the chosen Conv2D/DepthwiseConv2D layer, a grid of
// its kernels, each a small table of weights on a diverging colour (shared
// or per-kernel scale), the input channel to show, a colour bar, and for
// first layers on colour images the kernels as pictures. While training it
// asks the controller for a fresh copy a few times a second (unless frozen);
// it only ever reads those copies. Exports a layer as CSV (one table per
// kernel) or PNG (what the tab shows). A time line scrubs and plays the
// filters through training (the run's weight history), or shows what changed
// since the copy before; clicking a weight plots it over the whole run.
// "Strongest images" finds, per filter, the test images it responds to most.
#pragma once

#include "ui/training/inspection.h"
#include "ui/training/weight_snapshot.h"

#include <QRect>

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
class FilterHistoryBar;
class WeightTraceChart;
class KernelCell;
class StrongestImagesPanel;
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

    // What is shown: the live copy, or a copy of the history, or a change.
    const WeightSnapshot& snapshot() const { return snapshot_; }
    // The latest copy the worker sent (its history included).
    const WeightSnapshot& liveSnapshot() const { return live_; }
    FilterHistoryBar* historyBar() const { return historyBar_; }
    // Plots weight (kernel, table's channel, row, column) of the current layer over the run.
    void showWeightTrace(int kernel, int channelTable, int row, int column);
    WeightTraceChart* weightTrace() const { return trace_; }
    bool isWeightTraceShown() const;
    // Asks the worker for the images each filter of the current layer responds to most (test set).
    void findStrongestImages();
    StrongestImagesPanel* strongestImages() const { return strongest_; }

signals:
    // A patch of the strongest images was clicked: open the image with the patch outlined.
    void patchActivated(cnnwb::ui::DataPart part, int sample, const QRect& pixels, const QString& what);

public:
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
    void showHistoryPosition();
    // The input channel table `table` of a kernel shows.
    int shownChannel(const KernelBank& bank, int table) const;
    void rebuildLayerList();
    void showCurrentLayer();
    void ensureCells(int count);
    void relayout();
    void requestLive();
    void chooseExport(const QString& kind);

    TrainingController* controller_ = nullptr;
    WeightSnapshot live_;
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
    FilterHistoryBar* historyBar_;
    QWidget* traceBox_;
    WeightTraceChart* trace_;
    StrongestImagesPanel* strongest_;
    MessageBanner* banner_;
    QScrollArea* scroll_;
    QWidget* sheet_;
    QWidget* grid_;
    QGridLayout* gridLayout_;
    QList<KernelCell*> cells_;
    int columns_ = 0;
    int tablesShown_ = 1;
    bool channelChosen_ = false;  // the person picked a channel: keep it
    QTimer* liveTimer_;
};

}  // namespace cnnwb::ui
