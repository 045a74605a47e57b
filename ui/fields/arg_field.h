// One argument or setting in a form: a typed editor (a text box for numbers,
// a combo box, a check box) that shows a JSON value and reports the user's
// edits as a JSON value. setValue() never reports an edit, so a form can
// refresh its fields after an undo without echoing it back.
//
// An edit is offered to the field's validator first (in this program, the
// engine's own check of that argument or setting); a value it refuses is not
// reported: the field keeps what was typed, marked, with the engine's reason
// under it, until the user corrects it or presses Escape.
#pragma once

#include "arg_hint.h"
#include "engine/layer_args.h"

#include <QObject>

#include <functional>
#include <memory>

class QLabel;
class QWidget;

namespace cnnwb::ui {

class ArgField : public QObject {
    Q_OBJECT
public:
    // The reason `candidate` cannot be used, or an empty string.
    using Validator = std::function<QString(const Json& candidate)>;

    ~ArgField() override = default;

    // What goes into a form row: the editor with the message line beneath.
    QWidget* widget() const { return box_; }
    // The editor row (the input, with a unit after it when there is one).
    QWidget* editor() const { return editor_; }
    // The input itself, named "field_<key>": what takes the keyboard.
    virtual QWidget* input() const { return editor_; }
    virtual void setValue(const Json& value) = 0;
    // The last value reported (or set).
    virtual Json value() const = 0;

    void setValidator(Validator validator) { validator_ = std::move(validator); }
    // Why the last edit was refused; empty when it was not.
    QString message() const;

    // A field for `key` showing `current`: the kind of editor from the key's
    // hint (or, for a key without one, from the value's JSON type).
    static std::unique_ptr<ArgField> create(const std::string& key, const Json& current, QWidget* parent);
    static std::unique_ptr<ArgField> create(const std::string& key, const ArgHint& hint, const Json& current,
                                            QWidget* parent);

signals:
    void edited();

protected:
    explicit ArgField(QWidget* parent);
    void setEditor(QWidget* editor);
    // Checks `candidate`; reports it (edited) and returns true when the
    // validator accepts it, else shows the reason and returns false.
    bool offer(const Json& candidate);
    void showMessage(const QString& message);
    void clearMessage();

private:
    QWidget* box_;
    QWidget* editor_ = nullptr;
    QLabel* message_;
    Validator validator_;
};

}  // namespace cnnwb::ui
