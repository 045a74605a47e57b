#include "optimizer_fields.h"

#include "engine/optimizers/optimizer.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

// The type's full argument list with the engine's defaults.
Json defaultsOf(const QString& type) {
    try {
        return Optimizer::create(Json{{"type", type.toStdString()}}, "optimizer")->config();
    } catch (const std::exception&) {
        return Json{{"type", type.toStdString()}};
    }
}

}  // namespace

OptimizerFields::OptimizerFields(QWidget* parent) : QWidget(parent), type_(new QComboBox(this)), host_(new QWidget(this)) {
    type_->setObjectName("optimizerType");
    for (const std::string& name : Optimizer::typeNames()) type_->addItem(QString::fromStdString(name));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(type_);
    layout->addWidget(host_);
    connect(type_, &QComboBox::currentTextChanged, this, [this](const QString& t) { showType(t, defaultsOf(t)); });
    showType(type_->currentText(), defaultsOf(type_->currentText()));
}

QWidget* OptimizerFields::fieldWidget(const std::string& key) const {
    auto it = fields_.find(key);
    return it == fields_.end() ? nullptr : it->second->widget();
}

void OptimizerFields::setConfig(const Json& config) {
    const QString type = QString::fromStdString(config.is_object() ? config.value("type", std::string("SGD")) : "SGD");
    {
        const QSignalBlocker block(type_);
        if (type_->findText(type) < 0) type_->addItem(type);
        type_->setCurrentText(type);
    }
    Json values = defaultsOf(type);
    if (config.is_object())
        for (auto it = config.begin(); it != config.end(); ++it) values[it.key()] = it.value();
    showType(type, values);
}

void OptimizerFields::showType(const QString& type, const Json& values) {
    fields_.clear();
    delete host_->layout();
    qDeleteAll(host_->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    auto* form = new QFormLayout(host_);
    form->setContentsMargins(0, 0, 0, 0);
    std::vector<std::string> keys;
    for (auto it = values.begin(); it != values.end(); ++it)
        if (it.key() != "type") keys.push_back(it.key());
    for (const std::string& key : keysInArgumentOrder(keys)) {
        auto field = ArgField::create(key, values[key], host_);
        const ArgHint hint = argHint(key);
        auto* label = new QLabel(hint.label, host_);
        label->setToolTip(tr("Keras argument '%1' of %2\n%3").arg(QString::fromStdString(key), type, hint.help));
        form->addRow(label, field->widget());
        fields_[key] = std::move(field);
    }
}

Json OptimizerFields::config() const {
    Json c = {{"type", type_->currentText().toStdString()}};
    for (const auto& [key, field] : fields_) c[key] = field->value();
    return c;
}

}  // namespace cnnwb::ui
