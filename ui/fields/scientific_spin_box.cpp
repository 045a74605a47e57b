#include "scientific_spin_box.h"

#include <cmath>

namespace cnnwb::ui {

ScientificSpinBox::ScientificSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
    // QDoubleSpinBox rounds to `decimals`; keep enough for 1e-12.
    setDecimals(15);
}

QString ScientificSpinBox::textFromValue(double value) const { return QString::number(value, 'g', 8); }

double ScientificSpinBox::valueFromText(const QString& text) const {
    QString t = text;
    t.remove(suffix());
    return t.trimmed().toDouble();
}

QValidator::State ScientificSpinBox::validate(QString& text, int&) const {
    QString t = text;
    t.remove(suffix());
    t = t.trimmed();
    if (t.isEmpty() || t == "-" || t.endsWith('e', Qt::CaseInsensitive) || t.endsWith("e-", Qt::CaseInsensitive) ||
        t.endsWith('.'))
        return QValidator::Intermediate;
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok || !std::isfinite(v)) return QValidator::Invalid;
    return (v >= minimum() && v <= maximum()) ? QValidator::Acceptable : QValidator::Intermediate;
}

void ScientificSpinBox::stepBy(int steps) {
    double v = value();
    if (v <= 0) v = std::max(minimum(), 1e-4);
    else v *= std::pow(10.0, steps);
    setValue(std::clamp(v, minimum(), maximum()));
}

}  // namespace cnnwb::ui
