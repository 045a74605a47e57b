#include "integer_field.h"

#include <QSignalBlocker>
#include <QSpinBox>

#include <climits>

namespace cnnwb::ui {

IntegerField::IntegerField(const ArgHint& hint, QWidget* parent) : spin_(new QSpinBox(parent)) {
    spin_->setRange(int(std::max(hint.min, double(INT_MIN))), int(std::min(hint.max, double(INT_MAX))));
    spin_->setSuffix(hint.suffix);
    // Report a value once it is complete (Enter, focus out, arrows), not per keystroke.
    spin_->setKeyboardTracking(false);
    spin_->setToolTip(QObject::tr("%1\nInteger from %2 to %3").arg(hint.help).arg(spin_->minimum()).arg(spin_->maximum()));
    connect(spin_, &QSpinBox::valueChanged, this, &ArgField::edited);
}

QWidget* IntegerField::widget() const { return spin_; }

void IntegerField::setValue(const Json& value) {
    const QSignalBlocker block(spin_);
    if (value.is_number()) spin_->setValue(int(value.get<double>()));
}

Json IntegerField::value() const { return spin_->value(); }

}  // namespace cnnwb::ui
