#include "number_field.h"

#include "scientific_spin_box.h"

#include <QSignalBlocker>

namespace cnnwb::ui {

NumberField::NumberField(const ArgHint& hint, QWidget* parent) {
    if (hint.scientific) {
        spin_ = new ScientificSpinBox(parent);
    } else {
        spin_ = new QDoubleSpinBox(parent);
        spin_->setDecimals(hint.decimals);
        spin_->setSingleStep(hint.step);
    }
    spin_->setRange(hint.min, hint.max);
    spin_->setSuffix(hint.suffix);
    spin_->setKeyboardTracking(false);
    spin_->setToolTip(QObject::tr("%1\nNumber from %2 to %3").arg(hint.help).arg(hint.min).arg(hint.max));
    connect(spin_, &QDoubleSpinBox::valueChanged, this, &ArgField::edited);
}

QWidget* NumberField::widget() const { return spin_; }

void NumberField::setValue(const Json& value) {
    const QSignalBlocker block(spin_);
    if (!value.is_number()) return;
    spin_->setValue(value.get<double>());
    original_ = value;
    shown_ = spin_->value();
}

Json NumberField::value() const {
    if (original_.is_number() && spin_->value() == shown_) return original_;
    return spin_->value();
}

}  // namespace cnnwb::ui
