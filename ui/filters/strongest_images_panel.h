// "What each filter responds to": for every filter of the chosen layer, the
// patches of the images that activate it most (its receptive field, cut out),
// strongest first, with their values; while the worker scans the data part,
// a progress bar and a Stop button. Clicking a patch asks to open its image
// in the Feature maps tab with the patch outlined.
#pragma once

#include "ui/training/strongest_images.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;

namespace cnnwb::ui {

class TileGrid;

class StrongestImagesPanel : public QWidget {
    Q_OBJECT
public:
    explicit StrongestImagesPanel(QWidget* parent = nullptr);

    // A scan started for `layer` (clears what was shown).
    void showScanning(const QString& layer);
    void showProgress(int done, int total);
    void showImages(const StrongestImages& images);
    void showFailure(const QString& message);

    const StrongestImages& images() const { return images_; }
    bool isScanning() const;
    TileGrid* filterTiles(int filter) const { return tiles_.value(filter); }
    QString headingText() const;

signals:
    void stopRequested();
    void closeRequested();
    // Open image `sample` of `part` with `pixels` outlined; `what` says why it was chosen.
    void patchActivated(cnnwb::ui::DataPart part, int sample, const QRect& pixels, const QString& what);

private:
    void clearRows();

    QLabel* heading_;
    QProgressBar* progress_;
    QPushButton* stop_;
    QWidget* rows_;
    QGridLayout* rowsLayout_;
    QList<TileGrid*> tiles_;
    QList<QWidget*> rowWidgets_;
    StrongestImages images_;
};

}  // namespace cnnwb::ui
