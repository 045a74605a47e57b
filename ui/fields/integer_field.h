// An integer argument (filters, units, depth_multiplier) as a spin box with
// the engine's range.
#pragma once

#include "arg_field.h"

class QSpinBox;

namespace cnnwb::ui {

class IntegerField : public ArgField {
    Q_OBJECT
public:
    IntegerField(const ArgHint& hint, QWidget* parent);
    QWidget* widget() const override;
    void setValue(const Json& value) override;
    Json value() const override;

private:
    QSpinBox* spin_;
};

}  // namespace cnnwb::ui
