// One argument in the property editor: a typed widget (spin box, combo box,
// check box, ...) that shows a JSON value and reports the user's edits as a
// JSON value the engine accepts. setValue() never reports an edit, so the
// editor can refresh fields after an undo without echoing it back.
#pragma once

#include "arg_hint.h"
#include "engine/layer_args.h"

#include <QObject>

#include <memory>

class QWidget;

namespace cnnwb::ui {

class ArgField : public QObject {
    Q_OBJECT
public:
    ~ArgField() override = default;

    // The editing widget (owned by whatever layout it is put into).
    virtual QWidget* widget() const = 0;
    virtual void setValue(const Json& value) = 0;
    virtual Json value() const = 0;

    // A field for `key` showing `current`, with ranges from its hint.
    static std::unique_ptr<ArgField> create(const std::string& key, const Json& current, QWidget* parent);

signals:
    void edited();
};

}  // namespace cnnwb::ui
