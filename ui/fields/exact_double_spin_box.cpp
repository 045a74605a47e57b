#include "exact_double_spin_box.h"

namespace cnnwb::ui {

void ExactDoubleSpinBox::setExactValue(double value) {
    setValue(value);
    exact_ = value;
    shown_ = this->value();
    hasExact_ = true;
}

double ExactDoubleSpinBox::exactValue() const {
    return hasExact_ && value() == shown_ ? exact_ : value();
}

}  // namespace cnnwb::ui
