#include "arg_field.h"

#include "boolean_field.h"
#include "choice_field.h"
#include "number_text_field.h"
#include "text_field.h"

#include <QLabel>
#include <QStyle>
#include <QVBoxLayout>
#include <QWidget>

namespace cnnwb::ui {

namespace {

// For arguments without a hint: the editor follows the JSON value's type.
ArgHint::Kind kindFromValue(const Json& v) {
    if (v.is_boolean()) return ArgHint::Kind::Boolean;
    if (v.is_number_integer() || v.is_number_unsigned()) return ArgHint::Kind::Integer;
    if (v.is_number()) return ArgHint::Kind::Number;
    if (v.is_array() && v.size() == 2 && v[0].is_number_integer() && v[1].is_number_integer())
        return ArgHint::Kind::Pair;
    if (v.is_array() && !v.empty() && v[0].is_number_integer()) return ArgHint::Kind::IntegerList;
    return ArgHint::Kind::Text;
}

}  // namespace

ArgField::ArgField(QWidget* parent) : box_(new QWidget(parent)), message_(new QLabel(box_)) {
    auto* layout = new QVBoxLayout(box_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    message_->setObjectName(QStringLiteral("fieldMessage"));
    message_->setWordWrap(true);
    message_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->hide();
    layout->addWidget(message_);
}

void ArgField::setEditor(QWidget* editor) {
    editor_ = editor;
    static_cast<QVBoxLayout*>(box_->layout())->insertWidget(0, editor);
}

QString ArgField::message() const { return message_->isHidden() ? QString() : message_->text(); }

void ArgField::showMessage(const QString& message) {
    message_->setText(message);
    message_->show();
    if (QWidget* in = input()) {
        in->setProperty("invalid", true);
        in->setStyleSheet(QStringLiteral("border: 1px solid #b3261e;"));
    }
}

void ArgField::clearMessage() {
    message_->clear();
    message_->hide();
    QWidget* in = input();
    if (in && in->property("invalid").toBool()) {
        in->setProperty("invalid", false);
        in->setStyleSheet(QString());
    }
}

bool ArgField::offer(const Json& candidate) {
    const QString refused = validator_ ? validator_(candidate) : QString();
    if (!refused.isEmpty()) {
        showMessage(refused);
        return false;
    }
    clearMessage();
    emit edited();
    return true;
}

std::unique_ptr<ArgField> ArgField::create(const std::string& key, const Json& current, QWidget* parent) {
    return create(key, argHint(key), current, parent);
}

std::unique_ptr<ArgField> ArgField::create(const std::string& key, const ArgHint& given, const Json& current,
                                           QWidget* parent) {
    ArgHint hint = given;
    if (hint.kind == ArgHint::Kind::FromValue) hint.kind = kindFromValue(current);
    std::unique_ptr<ArgField> field;
    switch (hint.kind) {
    case ArgHint::Kind::Integer: field = std::make_unique<NumberTextField>(NumberTextField::Form::Integer, hint, parent); break;
    case ArgHint::Kind::Number: field = std::make_unique<NumberTextField>(NumberTextField::Form::Number, hint, parent); break;
    case ArgHint::Kind::Pair: field = std::make_unique<NumberTextField>(NumberTextField::Form::Pair, hint, parent); break;
    case ArgHint::Kind::IntegerList:
        field = std::make_unique<NumberTextField>(NumberTextField::Form::List, hint, parent);
        break;
    case ArgHint::Kind::Boolean: field = std::make_unique<BooleanField>(hint, parent); break;
    case ArgHint::Kind::Choice: field = std::make_unique<ChoiceField>(hint, parent); break;
    case ArgHint::Kind::Text:
    case ArgHint::Kind::FromValue: field = std::make_unique<TextField>(hint, parent); break;
    }
    field->input()->setObjectName(QStringLiteral("field_%1").arg(QString::fromStdString(key)));
    field->setValue(current);
    return field;
}

}  // namespace cnnwb::ui
