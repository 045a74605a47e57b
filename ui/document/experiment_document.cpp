#include "experiment_document.h"

#include "layer_list_model.h"
#include "new_layer.h"
#include "change_settings_command.h"
#include "insert_layer_command.h"
#include "move_layer_command.h"
#include "remove_layer_command.h"
#include "set_layer_field_command.h"

#include <QFileInfo>
#include <QUndoStack>

namespace cnnwb::ui {

ExperimentDocument::ExperimentDocument(QObject* parent)
    : QObject(parent), layers_(new LayerListModel(this)), undo_(new QUndoStack(this)) {
    connect(layers_, &LayerListModel::layersEdited, this, [this] {
        ++revision_;
        reanalyse();
        emit changed();
    });
    connect(layers_, &LayerListModel::moveRequested, this, &ExperimentDocument::moveLayer);
    connect(layers_, &LayerListModel::insertTypeRequested, this,
            [this](const QString& type, int row) { addLayer(type, row); });
    connect(undo_, &QUndoStack::cleanChanged, this, [this] { emit modifiedChanged(isModified()); });
}

Json ExperimentDocument::specJson() const { return ModelSpec::document(settings_, layers_->layers()); }

const NetworkAnalysis& ExperimentDocument::analysis() const { return layers_->analysis(); }

void ExperimentDocument::reanalyse() {
    layers_->setAnalysis(analyseSpec(specJson()));
    emit analysisChanged();
}

void ExperimentDocument::load(const ExperimentSettings& settings, const Json& layers, Session record,
                              const QString& filePath, RunOrigin origin) {
    undo_->clear();
    settings_ = settings;
    origin_ = std::move(origin);
    originSpec_ = ModelSpec{};
    originSpec_.settings() = settings;
    originSpec_.layers = layers;
    record_ = std::move(record);
    filePath_ = filePath;
    unsavedWork_ = false;
    layers_->resetLayers(layers);
    undo_->setClean();
    emit settingsChanged();
    emit filePathChanged();
    emit modifiedChanged(false);
    emit loaded();
}

void ExperimentDocument::setFilePath(const QString& path) {
    if (path == filePath_) return;
    filePath_ = path;
    emit filePathChanged();
}

QString ExperimentDocument::displayName() const {
    if (!filePath_.isEmpty()) return QFileInfo(filePath_).fileName();
    return settings_.name.empty() ? tr("Untitled") : QString::fromStdString(settings_.name);
}

bool ExperimentDocument::isModified() const { return unsavedWork_ || !undo_->isClean(); }

void ExperimentDocument::setSaved() {
    const bool was = isModified();
    unsavedWork_ = false;
    undo_->setClean();
    if (was) emit modifiedChanged(false);
}

void ExperimentDocument::setUnsavedWork() {
    const bool was = isModified();
    unsavedWork_ = true;
    ++revision_;
    if (!was) emit modifiedChanged(true);
}

void ExperimentDocument::setRecord(Session record) {
    record_ = std::move(record);
    setUnsavedWork();
    emit recordChanged();
    emit changed();
}

void ExperimentDocument::addLayer(const QString& type, int row) {
    insertLayer(row, newLayerJson(type, layers_->layers()), tr("Add %1").arg(type));
}

void ExperimentDocument::insertLayer(int row, Json layer, const QString& text) {
    row = std::clamp(row, 0, layers_->rowCount());
    undo_->push(new InsertLayerCommand(layers_, row, std::move(layer), text));
}

void ExperimentDocument::duplicateLayer(int row) {
    if (row < 0 || row >= layers_->rowCount()) return;
    const Json copy = duplicateLayerJson(layers_->layer(row), layers_->layers());
    insertLayer(row + 1, copy, tr("Duplicate %1").arg(layers_->index(row).data(LayerListModel::NameRole).toString()));
}

void ExperimentDocument::removeLayer(int row) {
    if (row < 0 || row >= layers_->rowCount()) return;
    undo_->push(new RemoveLayerCommand(layers_, row));
}

void ExperimentDocument::moveLayer(int from, int to) {
    const int n = layers_->rowCount();
    if (from < 0 || from >= n || to < 0 || to >= n || from == to) return;
    undo_->push(new MoveLayerCommand(layers_, from, to));
}

void ExperimentDocument::setLayerField(int row, const std::string& key, std::optional<Json> value, bool mergeable) {
    if (row < 0 || row >= layers_->rowCount()) return;
    const Json& obj = layers_->layer(row);
    const bool present = obj.is_object() && obj.contains(key);
    if ((present && value && obj[key] == *value) || (!present && !value)) return;  // nothing to change
    auto* cmd = new SetLayerFieldCommand(layers_, row, key, std::move(value));
    cmd->setMergeable(mergeable);
    undo_->push(cmd);
}

void ExperimentDocument::setLayerEnabled(int row, bool enabled) {
    // "enabled" is absent in a normal layer; only a disabled one carries it.
    setLayerField(row, "enabled", enabled ? std::nullopt : std::optional<Json>(false), false);
}

void ExperimentDocument::changeSettings(ExperimentSettings settings) {
    if (settings == settings_) return;
    undo_->push(new ChangeSettingsCommand(this, settings_, std::move(settings)));
}

void ExperimentDocument::applySettings(ExperimentSettings settings) {
    settings_ = std::move(settings);
    ++revision_;
    reanalyse();
    emit settingsChanged();
    emit changed();
}

}  // namespace cnnwb::ui
