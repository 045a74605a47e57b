// How a per-batch curve is smoothed, chosen in one place of a chart's tool
// row: none, moving average over N points, or exponential with a weight
// (bias-corrected). The method and its parameter are what the legend names.
#pragma once

#include "engine/smoothing.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace cnnwb::ui {

class SmoothingControl : public QWidget {
    Q_OBJECT
public:
    explicit SmoothingControl(QWidget* parent = nullptr);

    Smoothing smoothing() const;
    void setSmoothing(const Smoothing& smoothing);

signals:
    void changed(const cnnwb::Smoothing& smoothing);

private:
    void showParameter();

    QComboBox* method_;
    QSpinBox* window_;
    QDoubleSpinBox* weight_;
};

// Short, for legends: "exponential 0.98, bias-corrected", "moving average of 50", "not smoothed".
QString smoothingLegend(const Smoothing& smoothing);

}  // namespace cnnwb::ui
