// Numbers typed as text, the way Keras writes them: an integer ("32"), a
// number ("0.01", "1e-3"), a size pair ("5" meaning 5×5, or "5×3"; also "5x3",
// "5, 3", "[5, 3]") or a list of sizes ("28×28×1"). Nothing is refused while
// typing. On Enter or leaving the field the text is read and offered to the
// validator (the engine's check); text that is not a number is offered as
// text, so the engine's message names what it expected ("must be an integer
// ≥ 1; got the string "abc""). Up and Down step the value.
#pragma once

#include "arg_field.h"

class QLineEdit;

namespace cnnwb::ui {

class NumberTextField : public ArgField {
    Q_OBJECT
public:
    enum class Form { Integer, Number, Pair, List };

    NumberTextField(Form form, const ArgHint& hint, QWidget* parent);
    void setValue(const Json& value) override;
    Json value() const override;
    QWidget* input() const override;

    // The JSON value a text stands for in `form` (a string when it is not a number).
    static Json parse(Form form, const QString& text);
    // How `value` is written in the field.
    static QString format(const Json& value);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // format()/parse() with the hint's word for 0.
    QString shown(const Json& value) const;
    Json read(const QString& text) const;
    void commit();
    void step(int direction);

    Form form_;
    ArgHint hint_;
    QLineEdit* edit_;
    Json value_;
};

}  // namespace cnnwb::ui
