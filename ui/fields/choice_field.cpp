#include "choice_field.h"

#include <QComboBox>
#include <QSignalBlocker>

namespace cnnwb::ui {

ChoiceField::ChoiceField(const ArgHint& hint, QWidget* parent) : combo_(new QComboBox(parent)) {
    combo_->addItems(hint.choices);
    combo_->setToolTip(hint.help);
    connect(combo_, &QComboBox::currentIndexChanged, this, &ArgField::edited);
}

QWidget* ChoiceField::widget() const { return combo_; }

void ChoiceField::setValue(const Json& value) {
    const QSignalBlocker block(combo_);
    if (!value.is_string()) return;
    const QString text = QString::fromStdString(value.get<std::string>());
    int i = combo_->findText(text);
    if (i < 0) {
        // A value this version does not list (a newer file): show it rather than hide it.
        combo_->addItem(text);
        i = combo_->count() - 1;
    }
    combo_->setCurrentIndex(i);
}

Json ChoiceField::value() const { return combo_->currentText().toStdString(); }

}  // namespace cnnwb::ui
