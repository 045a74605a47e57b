#include "number_text_field.h"

#include "engine/setting_path.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalBlocker>

#include <cmath>

namespace cnnwb::ui {

namespace {

// One number: an integer when it is written as one, else a double; nothing
// when the text is not a number at all.
std::optional<Json> numberOf(const QString& text) {
    static const QRegularExpression integer(QStringLiteral("^[+-]?\\d+$"));
    if (integer.match(text).hasMatch()) {
        bool ok = false;
        const qlonglong n = text.toLongLong(&ok);
        if (ok) return Json(n);
    }
    bool ok = false;
    const double d = text.toDouble(&ok);
    if (ok && std::isfinite(d)) return Json(d);
    return std::nullopt;
}

// "5.0" in a field of whole numbers is the integer 5.
Json whole(const Json& n) {
    if (n.is_number_float()) {
        const double d = n.get<double>();
        if (d == std::floor(d) && std::abs(d) < 1e15) return Json((long long)d);
    }
    return n;
}

}  // namespace

Json NumberTextField::parse(Form form, const QString& input) {
    QString text = input.trimmed();
    if (form == Form::Number) {
        if (auto n = numberOf(text)) return *n;
        return text.toStdString();
    }
    if (form == Form::Integer) {
        if (auto n = numberOf(text)) return whole(*n);
        return text.toStdString();
    }
    // Pairs and lists: "5", "5×3", "5x3", "5, 3", "5 3", "[5, 3]".
    QString inner = text;
    if (inner.startsWith('[') && inner.endsWith(']')) inner = inner.mid(1, inner.size() - 2);
    static const QRegularExpression separator(QStringLiteral("\\s*[×xX*,]\\s*|\\s+"));
    const QStringList parts = inner.trimmed().split(separator, Qt::SkipEmptyParts);
    Json list = Json::array();
    for (const QString& part : parts) {
        const auto n = numberOf(part);
        if (!n) return text.toStdString();
        list.push_back(whole(*n));
    }
    if (list.empty()) return text.toStdString();
    // A pair written as one number means n×n, as in Keras; it is kept that way.
    if (form == Form::Pair && list.size() == 1) return list[0];
    return list;
}

QString NumberTextField::format(const Json& value) {
    if (value.is_array()) {
        QStringList parts;
        for (const Json& v : value) parts << QString::fromStdString(settingText(v));
        return parts.join(QStringLiteral("×"));
    }
    return QString::fromStdString(settingText(value));
}

NumberTextField::NumberTextField(Form form, const ArgHint& hint, QWidget* parent)
    : ArgField(parent), form_(form), hint_(hint), edit_(new QLineEdit) {
    QString tip = hint.help;
    if (form == Form::Integer) tip += QObject::tr("\nA whole number; Up/Down step by 1.");
    if (!hint.zeroText.isEmpty()) tip += QObject::tr(" 0 or \"%1\" means %1.").arg(hint.zeroText);
    if (form == Form::Number && hint.scientific) tip += QObject::tr("\nA number, e.g. 0.001 or 1e-3; Up/Down multiply or divide by 10.");
    else if (form == Form::Number && hint.step > 0) tip += QObject::tr("\nA number; Up/Down step by %1.").arg(hint.step);
    if (!hint.partLabels.isEmpty()) tip += QObject::tr("\nParts: %1.").arg(hint.partLabels.join(QStringLiteral(" × ")));
    edit_->setToolTip(tip);
    edit_->installEventFilter(this);
    if (hint.suffix.isEmpty()) {
        setEditor(edit_);
    } else {
        auto* row = new QWidget;
        auto* layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(edit_, 1);
        layout->addWidget(new QLabel(hint.suffix.trimmed(), row));
        setEditor(row);
    }
    connect(edit_, &QLineEdit::editingFinished, this, &NumberTextField::commit);
}

QString NumberTextField::shown(const Json& value) const {
    if (!hint_.zeroText.isEmpty() && value.is_number() && value.get<double>() == 0) return hint_.zeroText;
    return format(value);
}

Json NumberTextField::read(const QString& text) const {
    if (!hint_.zeroText.isEmpty() && text.trimmed().compare(hint_.zeroText, Qt::CaseInsensitive) == 0) return 0;
    return parse(form_, text);
}

void NumberTextField::setValue(const Json& value) {
    const QSignalBlocker block(edit_);
    value_ = value;
    edit_->setText(shown(value));
    clearMessage();
}

Json NumberTextField::value() const { return value_; }

QWidget* NumberTextField::input() const { return edit_; }

void NumberTextField::commit() {
    const Json candidate = read(edit_->text());
    if (candidate == value_) {
        clearMessage();
        return;
    }
    const Json was = value_;
    value_ = candidate;
    if (!offer(candidate)) {
        value_ = was;  // refused: the text stays, marked, until corrected or Escape
        return;
    }
    const QSignalBlocker block(edit_);
    edit_->setText(shown(candidate));
}

void NumberTextField::step(int direction) {
    const Json current = read(edit_->text());
    if (!current.is_number()) return;
    Json next;
    if (form_ == Form::Integer) {
        next = current.get<long long>() + direction;
    } else if (hint_.scientific) {
        next = direction > 0 ? current.get<double>() * 10 : current.get<double>() / 10;
    } else if (hint_.step > 0) {
        // Rounded to the step's decimals, so 0.1 + 0.05 reads 0.15, not 0.15000000000000002.
        const double scale = std::pow(10.0, std::max(0.0, std::ceil(-std::log10(hint_.step)) + 1));
        next = std::round((current.get<double>() + direction * hint_.step) * scale) / scale;
    } else {
        return;
    }
    const QSignalBlocker block(edit_);
    edit_->setText(shown(next));
    commit();
}

bool NumberTextField::eventFilter(QObject* watched, QEvent* event) {
    if (watched == edit_ && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down) {
            step(key == Qt::Key_Up ? +1 : -1);
            return true;
        }
        if (key == Qt::Key_Escape && !message().isEmpty()) {
            setValue(value_);
            return true;
        }
    }
    return ArgField::eventFilter(watched, event);
}

}  // namespace cnnwb::ui
