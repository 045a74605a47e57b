// The optimizer part of the settings: a type (SGD, RMSprop, Adadelta, Adam,
// as the engine lists them) and that type's arguments with the engine's
// defaults, each a typed field. Switching type shows the new type's defaults.
#pragma once

#include "ui/fields/arg_field.h"

#include <QWidget>

#include <map>
#include <memory>
#include <string>

class QComboBox;
class QFormLayout;

namespace cnnwb::ui {

class OptimizerFields : public QWidget {
    Q_OBJECT
public:
    explicit OptimizerFields(QWidget* parent = nullptr);

    // A full optimizer config {"type": ..., args}; unknown parts are kept as shown.
    void setConfig(const Json& config);
    Json config() const;
    QComboBox* typeBox() const { return type_; }
    QWidget* fieldWidget(const std::string& key) const;

private:
    void showType(const QString& type, const Json& values);

    QComboBox* type_;
    QWidget* host_;
    std::map<std::string, std::unique_ptr<ArgField>> fields_;
};

}  // namespace cnnwb::ui
