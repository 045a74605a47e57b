#include "smoothing_control.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

namespace cnnwb::ui {

SmoothingControl::SmoothingControl(QWidget* parent)
    : QWidget(parent), method_(new QComboBox(this)), window_(new QSpinBox(this)), weight_(new QDoubleSpinBox(this)) {
    method_->setObjectName("smoothingMethod");
    method_->addItem(tr("No smoothing"), int(Smoothing::Method::None));
    method_->addItem(tr("Moving average"), int(Smoothing::Method::MovingAverage));
    method_->addItem(tr("Exponential"), int(Smoothing::Method::Exponential));
    method_->setToolTip(tr("How the per-batch curves are smoothed; the raw points stay drawn, faint"));
    window_->setObjectName("smoothingWindow");
    window_->setRange(2, 100000);
    window_->setPrefix(tr("over "));
    window_->setSuffix(tr(" points"));
    window_->setToolTip(tr("The mean of the last N points (fewer at the start)"));
    weight_->setObjectName("smoothingWeight");
    weight_->setRange(0.0, 0.999);
    weight_->setDecimals(3);
    weight_->setSingleStep(0.01);
    weight_->setPrefix(tr("weight "));
    weight_->setToolTip(tr("Weight of the past in the average (0.98: slow, smooth); bias-corrected, so the first "
                           "points are not pulled towards 0"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(method_);
    layout->addWidget(window_);
    layout->addWidget(weight_);
    setSmoothing(Smoothing{});
    auto emitChanged = [this] {
        showParameter();
        emit changed(smoothing());
    };
    connect(method_, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(window_, &QSpinBox::valueChanged, this, emitChanged);
    connect(weight_, &QDoubleSpinBox::valueChanged, this, emitChanged);
}

Smoothing SmoothingControl::smoothing() const {
    return {Smoothing::Method(method_->currentData().toInt()), window_->value(), weight_->value()};
}

void SmoothingControl::setSmoothing(const Smoothing& s) {
    const QSignalBlocker b1(method_), b2(window_), b3(weight_);
    method_->setCurrentIndex(method_->findData(int(s.method)));
    window_->setValue(s.window);
    weight_->setValue(s.weight);
    showParameter();
}

void SmoothingControl::showParameter() {
    const auto m = Smoothing::Method(method_->currentData().toInt());
    window_->setVisible(m == Smoothing::Method::MovingAverage);
    weight_->setVisible(m == Smoothing::Method::Exponential);
}

QString smoothingLegend(const Smoothing& s) {
    switch (s.method) {
    case Smoothing::Method::None: return QObject::tr("not smoothed");
    case Smoothing::Method::MovingAverage: return QObject::tr("moving average of %1").arg(s.window);
    case Smoothing::Method::Exponential: return QObject::tr("exponential %1, bias-corrected").arg(s.weight);
    }
    return {};
}

}  // namespace cnnwb::ui
