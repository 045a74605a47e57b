#include "text_field.h"

#include <QLineEdit>
#include <QSignalBlocker>

namespace cnnwb::ui {

TextField::TextField(const ArgHint& hint, QWidget* parent) : edit_(new QLineEdit(parent)) {
    edit_->setToolTip(hint.help);
    connect(edit_, &QLineEdit::editingFinished, this, [this] {
        const QString text = edit_->text().trimmed();
        if (text.isEmpty()) {
            edit_->setText(shown_);  // refuse an empty value quietly: put the old one back
            return;
        }
        if (text != shown_) {
            shown_ = text;
            emit edited();
        }
    });
}

QWidget* TextField::widget() const { return edit_; }

void TextField::setValue(const Json& value) {
    const QSignalBlocker block(edit_);
    shown_ = value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString::fromStdString(value.dump());
    edit_->setText(shown_);
}

Json TextField::value() const { return edit_->text().trimmed().toStdString(); }

}  // namespace cnnwb::ui
