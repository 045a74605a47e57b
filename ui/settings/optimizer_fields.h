// The optimizer part of the settings: a type (SGD, RMSprop, Adadelta, Adam,
// as the engine lists them) and that type's arguments, each a field bound to
// its setting path ("training.optimizer.learning_rate"). Edits are checked by
// the owner's checker (the engine) before they are reported.
#pragma once

#include "ui/fields/arg_field.h"

#include <QWidget>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace cnnwb::ui {

class OptimizerFields : public QWidget {
    Q_OBJECT
public:
    // The engine's verdict on `value` for `path` (empty: accepted).
    using Checker = std::function<QString(const std::string& path, const Json& value)>;

    OptimizerFields(Checker checker, QWidget* parent = nullptr);

    // Shows a full optimizer config {"type": ..., args}; rebuilds the fields when the type or arguments change.
    void setConfig(const Json& config);
    QWidget* typeBox() const;
    QWidget* fieldWidget(const std::string& key) const;  // the input of an argument
    // The first refusal a field shows, or empty.
    QString message() const;

signals:
    // An accepted edit of one setting, e.g. ("training.optimizer.type", "Adam").
    void edited(const QString& path, const cnnwb::Json& value);

private:
    Checker checker_;
    std::unique_ptr<ArgField> type_;
    QWidget* host_;
    std::string shownArguments_;  // type and argument keys the fields were built for
    std::map<std::string, std::unique_ptr<ArgField>> fields_;
};

}  // namespace cnnwb::ui
