#include "integer_list_field.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

namespace cnnwb::ui {

IntegerListField::IntegerListField(const std::string& key, const ArgHint& hint, std::size_t count, QWidget* parent)
    : box_(new QWidget(parent)) {
    auto* row = new QHBoxLayout(box_);
    row->setContentsMargins(0, 0, 0, 0);
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) row->addWidget(new QLabel(QStringLiteral("×"), box_));
        auto* spin = new QSpinBox(box_);
        spin->setRange(int(hint.min), int(hint.max));
        spin->setKeyboardTracking(false);
        spin->setObjectName(QStringLiteral("field_%1_%2").arg(QString::fromStdString(key)).arg(i));
        spin->setToolTip(QObject::tr("%1\n%2: integer from %3 to %4")
                             .arg(hint.help, hint.partLabels.value(int(i)))
                             .arg(hint.min)
                             .arg(hint.max));
        connect(spin, &QSpinBox::valueChanged, this, &ArgField::edited);
        row->addWidget(spin, 1);
        spins_.push_back(spin);
    }
}

QWidget* IntegerListField::widget() const { return box_; }

void IntegerListField::setValue(const Json& value) {
    if (!value.is_array()) return;
    for (std::size_t i = 0; i < spins_.size() && i < value.size(); ++i) {
        const QSignalBlocker block(spins_[i]);
        if (value[i].is_number()) spins_[i]->setValue(int(value[i].get<double>()));
    }
}

Json IntegerListField::value() const {
    Json out = Json::array();
    for (QSpinBox* s : spins_) out.push_back(s->value());
    return out;
}

}  // namespace cnnwb::ui
