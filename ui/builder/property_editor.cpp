#include "property_editor.h"

#include "layer_appearance.h"
#include "ui/document/layer_list_model.h"
#include "ui/document/experiment_document.h"

#include "engine/layer_registry.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

// The arguments to show: the layer's full config (defaults filled in by the
// engine) overlaid with what the spec says. When the engine cannot read the
// layer (an argument out of range in a hand-edited file), the raw spec fields.
Json shownArgs(const Json& layer) {
    Json args = Json::object();
    try {
        args = createLayer(layer, 0)->config();
    } catch (const std::exception&) {
    }
    if (layer.is_object())
        for (auto it = layer.begin(); it != layer.end(); ++it)
            if (it.key() != "type" && it.key() != "name" && it.key() != "enabled") args[it.key()] = it.value();
    return args;
}

// The engine's verdict on `layer` with `key` set to `candidate`, as the
// message under the field: the layer's own check of its arguments (whether
// the network still fits together is shown on the cards, as for any edit).
QString refusal(const Json& layer, int row, const std::string& key, const Json& candidate) {
    Json probe = layer;
    probe[key] = candidate;
    try {
        (void)createLayer(probe, row);
        return {};
    } catch (const std::exception& e) {
        // "layer 2 (Conv2D 'h1'): field 'filters' must be ..." → from "field" on: the row says which layer.
        const std::string message = e.what();
        const auto at = message.find("field '");
        return QString::fromStdString(at == std::string::npos ? message : message.substr(at));
    }
}

std::string signatureOf(const Json& layer, const Json& args) {
    std::string s = layer.is_object() ? layer.value("type", std::string()) : std::string();
    for (auto it = args.begin(); it != args.end(); ++it) s += "|" + it.key();
    return s;
}

}  // namespace

PropertyEditor::PropertyEditor(ExperimentDocument* document, QWidget* parent)
    : QWidget(parent), document_(document) {
    auto* outer = new QVBoxLayout(this);
    title_ = new QLabel(this);
    QFont f = title_->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    title_->setFont(f);
    description_ = new QLabel(this);
    description_->setWordWrap(true);
    description_->setForegroundRole(QPalette::PlaceholderText);
    placeholder_ = new QLabel(tr("Select a layer to edit its arguments."), this);
    placeholder_->setWordWrap(true);
    placeholder_->setForegroundRole(QPalette::PlaceholderText);
    formHost_ = new QWidget(this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setObjectName("propertyStatus");
    outer->addWidget(title_);
    outer->addWidget(description_);
    outer->addWidget(placeholder_);
    outer->addWidget(formHost_);
    outer->addWidget(status_);
    outer->addStretch(1);

    LayerListModel* model = document_->layers();
    connect(model, &QAbstractItemModel::dataChanged, this, &PropertyEditor::refresh);
    connect(model, &QAbstractItemModel::modelReset, this, [this] { setCurrentRow(-1); });
    setCurrentRow(-1);
}

QWidget* PropertyEditor::fieldWidget(const std::string& key) const {
    if (key == "enabled") return enabled_;
    auto it = fields_.find(key);
    return it == fields_.end() ? nullptr : it->second->input();
}

QString PropertyEditor::fieldMessage(const std::string& key) const {
    auto it = fields_.find(key);
    return it == fields_.end() ? QString() : it->second->message();
}

void PropertyEditor::clearForm() {
    // Deferred deletion: a rebuild can be triggered from inside one of these
    // widgets' own signals (an edit that changes the argument set).
    for (auto& [key, field] : fields_) field.release()->deleteLater();
    fields_.clear();
    delete formHost_->layout();
    for (QWidget* w : formHost_->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly)) {
        w->hide();
        w->deleteLater();
    }
    form_ = nullptr;
    enabled_ = nullptr;
}

void PropertyEditor::setCurrentRow(int row) {
    if (row >= 0 && row == currentRow()) {
        refresh();  // same layer: keep the form (and the focus in it)
        return;
    }
    LayerListModel* model = document_->layers();
    current_ = row >= 0 && row < model->rowCount() ? QPersistentModelIndex(model->index(row)) : QPersistentModelIndex();
    builtSignature_.clear();
    refresh();
}

void PropertyEditor::refresh() {
    LayerListModel* model = document_->layers();
    const int row = currentRow();
    if (row < 0) {
        current_ = QPersistentModelIndex();
        builtSignature_.clear();
        clearForm();
        title_->setText(tr("Properties"));
        description_->clear();
        status_->clear();
        placeholder_->show();
        return;
    }
    placeholder_->hide();
    const Json& layer = model->layer(row);
    const Json args = shownArgs(layer);
    const std::string signature = signatureOf(layer, args);
    if (signature != builtSignature_) rebuild(layer, args);

    const QModelIndex index = model->index(row);
    const QString type = index.data(LayerListModel::TypeRole).toString();
    title_->setText(tr("%1 · %2").arg(index.data(LayerListModel::NameRole).toString(), type));
    fields_.at("name")->setValue(layer.value("name", Json(index.data(LayerListModel::NameRole).toString().toStdString())));
    for (auto it = args.begin(); it != args.end(); ++it)
        if (auto f = fields_.find(it.key()); f != fields_.end()) f->second->setValue(it.value());
    {
        const QSignalBlocker block(enabled_);
        enabled_->setChecked(index.data(LayerListModel::EnabledRole).toBool());
    }
    enabled_->setEnabled(row != 0);  // Input can never be skipped

    const QString error = index.data(LayerListModel::ErrorRole).toString();
    if (!error.isEmpty()) {
        status_->setStyleSheet("color: #b3261e;");
        status_->setText(error);
    } else if (!index.data(LayerListModel::EnabledRole).toBool()) {
        status_->setStyleSheet(QString());
        status_->setText(tr("Disabled: the network skips this layer."));
    } else {
        status_->setStyleSheet(QString());
        const QString shape = index.data(LayerListModel::OutputShapeRole).toString();
        const QString formula = index.data(LayerListModel::FormulaRole).toString();
        QString text = shape.isEmpty() ? QString() : tr("Output: %1").arg(shape);
        if (!formula.isEmpty()) text += tr("\nParameters: %1").arg(formula);
        status_->setText(text);
    }
}

void PropertyEditor::rebuild(const Json& layer, const Json& args) {
    clearForm();
    form_ = new QFormLayout(formHost_);
    form_->setContentsMargins(0, 4, 0, 4);
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    const std::string type = layer.is_object() ? layer.value("type", std::string()) : std::string();
    if (const LayerType* info = findLayerType(type)) description_->setText(QString::fromStdString(info->description));
    else description_->clear();

    ArgHint nameHint;
    nameHint.help = tr("Unique name of the layer; weights are saved under it");
    auto nameField = ArgField::create("name", Json(""), formHost_);
    nameField->input()->setToolTip(nameHint.help);
    nameField->setValidator([this](const Json& v) { return check("name", v); });
    connect(nameField.get(), &ArgField::edited, this, [this] { commit("name"); });
    form_->addRow(tr("Name"), nameField->widget());
    fields_["name"] = std::move(nameField);

    enabled_ = new QCheckBox(tr("in the network"), formHost_);
    enabled_->setObjectName("field_enabled");
    enabled_->setToolTip(tr("Unticked, the network skips this layer (try a variant without it in one click)"));
    connect(enabled_, &QCheckBox::toggled, this, [this](bool on) { document_->setLayerEnabled(currentRow(), on); });
    form_->addRow(tr("Enabled"), enabled_);

    std::vector<std::string> keys;
    for (auto it = args.begin(); it != args.end(); ++it) keys.push_back(it.key());
    for (const std::string& key : keysInArgumentOrder(keys)) {
        auto field = ArgField::create(key, args[key], formHost_);
        const ArgHint hint = argHint(key);
        auto* label = new QLabel(hint.label.isEmpty() ? labelForKey(key) : hint.label, formHost_);
        label->setToolTip(tr("Keras argument '%1'\n%2").arg(QString::fromStdString(key), hint.help));
        field->setValidator([this, key](const Json& v) { return check(key, v); });
        connect(field.get(), &ArgField::edited, this, [this, key] { commit(key); });
        form_->addRow(label, field->widget());
        fields_[key] = std::move(field);
    }
    builtSignature_ = signatureOf(layer, args);
}

QString PropertyEditor::check(const std::string& key, const Json& candidate) const {
    const int row = currentRow();
    if (row < 0) return {};
    return refusal(document_->layers()->layer(row), row, key, candidate);
}

void PropertyEditor::commit(const std::string& key) {
    auto it = fields_.find(key);
    if (currentRow() < 0 || it == fields_.end()) return;
    document_->setLayerField(currentRow(), key, it->second->value());
}

}  // namespace cnnwb::ui
