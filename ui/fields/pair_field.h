// A Keras size pair (kernel_size, strides, pool_size) as "height × width"
// spin boxes. Written back as one integer when both are equal (as presets
// write it: "kernel_size": 5), otherwise as [height, width].
#pragma once

#include "arg_field.h"

class QSpinBox;

namespace cnnwb::ui {

class PairField : public ArgField {
    Q_OBJECT
public:
    PairField(const std::string& key, const ArgHint& hint, QWidget* parent);
    QWidget* widget() const override;
    void setValue(const Json& value) override;
    Json value() const override;

private:
    QWidget* box_;
    QSpinBox* height_;
    QSpinBox* width_;
};

}  // namespace cnnwb::ui
