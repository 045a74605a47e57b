// A true/false argument (use_bias, nesterov) as a check box.
#pragma once

#include "arg_field.h"

class QCheckBox;

namespace cnnwb::ui {

class BooleanField : public ArgField {
    Q_OBJECT
public:
    BooleanField(const ArgHint& hint, QWidget* parent);
    void setValue(const Json& value) override;
    Json value() const override;

private:
    QCheckBox* check_;
    bool value_ = false;
};

}  // namespace cnnwb::ui
