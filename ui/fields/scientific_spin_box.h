// A spin box for values that span many orders of magnitude (learning rate,
// epsilon): shows "0.01" or "1e-07" instead of a fixed number of decimals,
// accepts either when typed, and steps by ×10 / ÷10.
#pragma once

#include <QDoubleSpinBox>

namespace cnnwb::ui {

class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit ScientificSpinBox(QWidget* parent = nullptr);

    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;
    void stepBy(int steps) override;
};

}  // namespace cnnwb::ui
