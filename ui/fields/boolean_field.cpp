#include "boolean_field.h"

#include <QCheckBox>
#include <QSignalBlocker>

namespace cnnwb::ui {

BooleanField::BooleanField(const ArgHint& hint, QWidget* parent) : box_(new QCheckBox(parent)) {
    box_->setToolTip(hint.help);
    connect(box_, &QCheckBox::toggled, this, &ArgField::edited);
}

QWidget* BooleanField::widget() const { return box_; }

void BooleanField::setValue(const Json& value) {
    const QSignalBlocker block(box_);
    if (value.is_boolean()) box_->setChecked(value.get<bool>());
}

Json BooleanField::value() const { return box_->isChecked(); }

}  // namespace cnnwb::ui
