#include "pair_field.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

namespace cnnwb::ui {

PairField::PairField(const std::string& key, const ArgHint& hint, QWidget* parent)
    : box_(new QWidget(parent)), height_(new QSpinBox(box_)), width_(new QSpinBox(box_)) {
    auto* row = new QHBoxLayout(box_);
    row->setContentsMargins(0, 0, 0, 0);
    const QString name = QString::fromStdString(key);
    int part = 0;
    for (QSpinBox* spin : {height_, width_}) {
        spin->setRange(int(hint.min), int(hint.max));
        spin->setKeyboardTracking(false);
        spin->setObjectName(QStringLiteral("field_%1_%2").arg(name).arg(part));
        spin->setToolTip(QObject::tr("%1\n%2: integer from %3 to %4")
                             .arg(hint.help, hint.partLabels.value(part))
                             .arg(hint.min)
                             .arg(hint.max));
        connect(spin, &QSpinBox::valueChanged, this, &ArgField::edited);
        ++part;
    }
    row->addWidget(height_, 1);
    row->addWidget(new QLabel(QStringLiteral("×"), box_));
    row->addWidget(width_, 1);
    if (!hint.suffix.isEmpty()) row->addWidget(new QLabel(hint.suffix.trimmed(), box_));
}

QWidget* PairField::widget() const { return box_; }

void PairField::setValue(const Json& value) {
    const QSignalBlocker b1(height_), b2(width_);
    if (value.is_number()) {
        height_->setValue(int(value.get<double>()));
        width_->setValue(int(value.get<double>()));
    } else if (value.is_array() && value.size() == 2 && value[0].is_number() && value[1].is_number()) {
        height_->setValue(int(value[0].get<double>()));
        width_->setValue(int(value[1].get<double>()));
    }
}

Json PairField::value() const {
    if (height_->value() == width_->value()) return height_->value();
    return Json::array({height_->value(), width_->value()});
}

}  // namespace cnnwb::ui
