// A free-text argument (and the layer name) as a line edit; an empty text is
// not reported, since no argument accepts it.
#pragma once

#include "arg_field.h"

class QLineEdit;

namespace cnnwb::ui {

class TextField : public ArgField {
    Q_OBJECT
public:
    TextField(const ArgHint& hint, QWidget* parent);
    void setValue(const Json& value) override;
    Json value() const override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QLineEdit* edit_;
    QString shown_;
};

}  // namespace cnnwb::ui
