// A fixed-length list of integers (Input's shape [height, width, channels])
// as one spin box per entry.
#pragma once

#include "arg_field.h"

#include <vector>

class QSpinBox;

namespace cnnwb::ui {

class IntegerListField : public ArgField {
    Q_OBJECT
public:
    IntegerListField(const std::string& key, const ArgHint& hint, std::size_t count, QWidget* parent);
    QWidget* widget() const override;
    void setValue(const Json& value) override;
    Json value() const override;

private:
    QWidget* box_;
    std::vector<QSpinBox*> spins_;
};

}  // namespace cnnwb::ui
