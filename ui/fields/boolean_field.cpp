#include "boolean_field.h"

#include <QCheckBox>
#include <QSignalBlocker>

namespace cnnwb::ui {

BooleanField::BooleanField(const ArgHint& hint, QWidget* parent) : ArgField(parent), check_(new QCheckBox) {
    check_->setToolTip(hint.help);
    setEditor(check_);
    connect(check_, &QCheckBox::toggled, this, [this](bool on) {
        const bool was = value_;
        value_ = on;
        if (offer(on)) return;
        value_ = was;  // refused: the box shows what is in effect
        const QSignalBlocker block(check_);
        check_->setChecked(was);
    });
}

void BooleanField::setValue(const Json& value) {
    const QSignalBlocker block(check_);
    if (!value.is_boolean()) return;
    value_ = value.get<bool>();
    check_->setChecked(value_);
    clearMessage();
}

Json BooleanField::value() const { return value_; }

}  // namespace cnnwb::ui
