// A QDoubleSpinBox that gives back the exact value it was given while the
// user has not changed it. QDoubleSpinBox rounds to its decimals, so a
// validation split of 1/6 would silently become 0.167 just by opening and
// closing a dialog; here it stays 0.16666666666666666 until edited.
#pragma once

#include <QDoubleSpinBox>

namespace cnnwb::ui {

class ExactDoubleSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    void setExactValue(double value);
    // The value given to setExactValue() if the shown value is still its rounding, else value().
    double exactValue() const;

private:
    double exact_ = 0;
    double shown_ = 0;
    bool hasExact_ = false;
};

}  // namespace cnnwb::ui
