#include "choice_field.h"

#include <QComboBox>
#include <QSignalBlocker>

namespace cnnwb::ui {

ChoiceField::ChoiceField(const ArgHint& hint, QWidget* parent) : ArgField(parent), combo_(new QComboBox) {
    for (int i = 0; i < hint.choices.size(); ++i)
        combo_->addItem(hint.choiceTitles.value(i, hint.choices[i]), hint.choices[i]);
    combo_->setToolTip(hint.help);
    setEditor(combo_);
    connect(combo_, &QComboBox::currentIndexChanged, this, [this] {
        const Json was = value_;
        value_ = combo_->currentData().toString().toStdString();
        if (offer(value_)) return;
        value_ = was;  // refused: the box shows what is in effect
        setValue(was);
    });
}

void ChoiceField::setValue(const Json& value) {
    const QSignalBlocker block(combo_);
    if (!value.is_string()) return;
    value_ = value;
    const QString text = QString::fromStdString(value.get<std::string>());
    int i = combo_->findData(text);
    if (i < 0) {
        // A value this version does not list (a newer file): show it rather than hide it.
        combo_->addItem(text, text);
        i = combo_->count() - 1;
    }
    combo_->setCurrentIndex(i);
}

Json ChoiceField::value() const { return value_; }

}  // namespace cnnwb::ui
