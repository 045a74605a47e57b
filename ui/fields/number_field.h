// A real-valued argument (dropout rate, momentum, learning rate) as a spin
// box with the engine's range; scientific ones show "1e-07".
#pragma once

#include "arg_field.h"

class QDoubleSpinBox;

namespace cnnwb::ui {

class NumberField : public ArgField {
    Q_OBJECT
public:
    NumberField(const ArgHint& hint, QWidget* parent);
    QWidget* widget() const override;
    void setValue(const Json& value) override;
    Json value() const override;

private:
    QDoubleSpinBox* spin_;
    // The value as given and as the spin box rounded it: an untouched field
    // gives back the exact original, not its rounding.
    Json original_;
    double shown_ = 0;
};

}  // namespace cnnwb::ui
