// The filter view's time line: a slider over the weight history's copies
// (before training, every N batches, epoch ends) ending at "now", a play
// button that steps through them, a Δ toggle (show the change since the
// copy before), and what the history holds and costs in memory.
#pragma once

#include "ui/training/weight_snapshot.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;

namespace cnnwb::ui {

class FilterHistoryBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterHistoryBar(QWidget* parent = nullptr);

    // The copies `live` carries; a bar at "now" stays at now.
    void setSnapshot(const WeightSnapshot& live);
    // 0 .. positions() - 1; the last is now.
    int position() const;
    int positions() const;
    void setPosition(int position);
    bool atNow() const { return position() == positions() - 1; }
    bool showsChange() const;
    void setShowsChange(bool on);
    bool isPlaying() const;
    void play();
    void stopPlaying();

signals:
    // The position or the Δ toggle changed.
    void changed();

private:
    void step();
    void updateLabels();

    QToolButton* play_;
    QSlider* slider_;
    QLabel* where_;
    QCheckBox* delta_;
    QLabel* memory_;
    QTimer* timer_;
    WeightSnapshot live_;
};

}  // namespace cnnwb::ui
