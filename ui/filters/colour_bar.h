// The legend of the filter heatmaps: the diverging scale from −scale (blue)
// through 0 (white) to +scale (red), with the end and middle values labelled.
// In per-kernel mode the ends read "−max|w|" and "+max|w|": each kernel is
// coloured against its own largest weight.
#pragma once

#include <QWidget>

namespace cnnwb::ui {

class ColourBar : public QWidget {
    Q_OBJECT
public:
    explicit ColourBar(QWidget* parent = nullptr);

    void setShared(double scale);  // every kernel against ±scale
    void setPerKernel();           // each kernel against its own largest |w|
    QSize sizeHint() const override { return {360, 44}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double scale_ = 1;
    bool perKernel_ = false;
};

}  // namespace cnnwb::ui
