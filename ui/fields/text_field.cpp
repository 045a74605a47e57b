#include "text_field.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QSignalBlocker>

namespace cnnwb::ui {

TextField::TextField(const ArgHint& hint, QWidget* parent) : ArgField(parent), edit_(new QLineEdit) {
    edit_->setToolTip(hint.help);
    setEditor(edit_);
    connect(edit_, &QLineEdit::editingFinished, this, [this] {
        const QString text = edit_->text().trimmed();
        if (text == shown_) {
            clearMessage();
            return;
        }
        const QString was = shown_;
        shown_ = text;
        if (!offer(text.toStdString())) shown_ = was;  // refused: the text stays, marked, until corrected
    });
    edit_->installEventFilter(this);  // Escape gives back the value in effect
}

bool TextField::eventFilter(QObject* watched, QEvent* event) {
    if (watched == edit_ && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape && !message().isEmpty()) {
        setValue(Json(shown_.toStdString()));
        return true;
    }
    return ArgField::eventFilter(watched, event);
}

void TextField::setValue(const Json& value) {
    const QSignalBlocker block(edit_);
    shown_ = value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString::fromStdString(value.dump());
    edit_->setText(shown_);
    clearMessage();
}

Json TextField::value() const { return shown_.toStdString(); }

}  // namespace cnnwb::ui
