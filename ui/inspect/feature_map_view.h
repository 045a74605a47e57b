// The "Feature maps" tab: pick an image (test, training or validation set, by
// index), see it with its true label, the predicted class probabilities as
// bars, and every layer's output as grey tiles. The network runs on the
// training worker (its owner); this view asks through the controller and
// shows the copy it gets back. With "Live" on it re-asks about once a second
// while training, so the maps change as the network learns. Clicking a value
// of a Conv2D, DepthwiseConv2D, MaxPool2D or Dense map takes it apart in the
// panel beside the maps ("how this number was made").
#pragma once

#include "ui/training/inspection.h"
#include "ui/training/run_info.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QTimer;
class QVBoxLayout;

namespace cnnwb::ui {

class CellExplanationPanel;
class ProbabilityChart;
class TileGrid;
class TrainingController;

class FeatureMapView : public QWidget {
    Q_OBJECT
public:
    explicit FeatureMapView(QWidget* parent = nullptr);

    void attach(TrainingController* controller);
    // Asks for image `index` of `part` (shown when the answer arrives).
    void inspect(DataPart part, int index);
    // The same, with `pixels` of the image outlined and `what` saying why
    // (until another image is chosen).
    void inspectWithPatch(DataPart part, int index, const QRect& pixels, const QString& what);
    // The outlined patch of the shown image (empty: none).
    QRect markedPatch() const;
    // Shows an inspection directly.
    void showInspection(const Inspection& inspection);

    const Inspection& inspection() const { return inspection_; }
    bool hasInspection() const { return shown_; }
    int layerSectionCount() const { return int(sections_.size()); }
    TileGrid* layerTiles(int section) const;
    ProbabilityChart* probabilityChart() const { return probabilities_; }
    CellExplanationPanel* explanationPanel() const { return explanation_; }
    // Asks for value (channel, row, column) of section `section`'s map to be taken apart.
    void explain(int section, int channel, int row, int column);
    QString labelText() const;
    QString messageText() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void request();
    void setRange(const RunInfo& info);
    void clearSections();

    TrainingController* controller_ = nullptr;
    Inspection inspection_;
    struct MarkedPatch {
        DataPart part = DataPart::Test;
        int index = -1;
        QRect pixels;
        QString what;
    } marked_;
    bool shown_ = false;
    QComboBox* part_;
    QSpinBox* index_;
    QCheckBox* live_;
    QLabel* message_;
    QLabel* image_;
    QLabel* label_;
    ProbabilityChart* probabilities_;
    CellExplanationPanel* explanation_;
    QWidget* maps_;
    QVBoxLayout* mapsLayout_;
    QList<QWidget*> sections_;
    QList<TileGrid*> grids_;
    QTimer* liveTimer_;
};

}  // namespace cnnwb::ui
