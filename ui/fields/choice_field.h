// An argument with a fixed set of values (padding, activation, initializer)
// as a combo box holding exactly the names the engine accepts.
#pragma once

#include "arg_field.h"

class QComboBox;

namespace cnnwb::ui {

class ChoiceField : public ArgField {
    Q_OBJECT
public:
    ChoiceField(const ArgHint& hint, QWidget* parent);
    void setValue(const Json& value) override;
    Json value() const override;

private:
    QComboBox* combo_;
    Json value_ = "";
};

}  // namespace cnnwb::ui
