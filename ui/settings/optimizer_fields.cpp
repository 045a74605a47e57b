#include "optimizer_fields.h"

#include "engine/optimizers/optimizer.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

const std::string kPath = "training.optimizer.";

QStringList typeNames() {
    QStringList names;
    for (const std::string& name : Optimizer::typeNames()) names << QString::fromStdString(name);
    return names;
}

}  // namespace

OptimizerFields::OptimizerFields(Checker checker, QWidget* parent)
    : QWidget(parent), checker_(std::move(checker)), host_(new QWidget(this)) {
    ArgHint hint;
    hint.kind = ArgHint::Kind::Choice;
    hint.help = tr("How the weights are updated from their gradients");
    hint.choices = typeNames();
    type_ = ArgField::create("type", hint, Json("SGD"), this);
    type_->input()->setObjectName("optimizerType");
    type_->setValidator([this](const Json& v) { return checker_(kPath + "type", v); });
    connect(type_.get(), &ArgField::edited, this,
            [this] { emit edited(QString::fromStdString(kPath + "type"), type_->value()); });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(type_->widget());
    layout->addWidget(host_);
    new QFormLayout(host_);
    host_->layout()->setContentsMargins(0, 0, 0, 0);
}

QWidget* OptimizerFields::typeBox() const { return type_->input(); }

QWidget* OptimizerFields::fieldWidget(const std::string& key) const {
    auto it = fields_.find(key);
    return it == fields_.end() ? nullptr : it->second->input();
}

QString OptimizerFields::message() const {
    if (!type_->message().isEmpty()) return type_->message();
    for (const auto& [key, field] : fields_)
        if (!field->message().isEmpty()) return field->message();
    return {};
}

void OptimizerFields::setConfig(const Json& config) {
    const std::string type = config.value("type", std::string("SGD"));
    type_->setValue(type);
    std::vector<std::string> keys;
    for (auto it = config.begin(); it != config.end(); ++it)
        if (it.key() != "type") keys.push_back(it.key());
    std::string shown = type;
    for (const std::string& k : keys) shown += "|" + k;
    if (shown == shownArguments_) {
        for (auto& [key, field] : fields_) field->setValue(config[key]);
        return;
    }
    shownArguments_ = shown;
    auto* form = static_cast<QFormLayout*>(host_->layout());
    while (form->rowCount() > 0) form->removeRow(0);
    fields_.clear();
    for (const std::string& key : keysInArgumentOrder(keys)) {
        auto field = ArgField::create(key, config[key], host_);
        const ArgHint hint = argHint(key);
        auto* label = new QLabel(hint.label, host_);
        label->setToolTip(tr("Keras argument '%1' of %2\n%3").arg(QString::fromStdString(key), QString::fromStdString(type), hint.help));
        field->setValidator([this, key](const Json& v) { return checker_(kPath + key, v); });
        ArgField* f = field.get();
        connect(f, &ArgField::edited, this, [this, key, f] { emit edited(QString::fromStdString(kPath + key), f->value()); });
        form->addRow(label, field->widget());
        fields_[key] = std::move(field);
    }
}

}  // namespace cnnwb::ui
