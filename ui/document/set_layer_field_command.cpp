#include "set_layer_field_command.h"

#include "layer_list_model.h"

namespace cnnwb::ui {

SetLayerFieldCommand::SetLayerFieldCommand(LayerListModel* model, int row, std::string key, std::optional<Json> value)
    : model_(model), row_(row), key_(std::move(key)), after_(std::move(value)) {
    const Json& obj = model->layer(row);
    if (obj.is_object() && obj.contains(key_)) before_ = obj[key_];
    const QString name = model->index(row).data(LayerListModel::NameRole).toString();
    if (key_ == "enabled")
        setText(after_ && *after_ == false ? QObject::tr("Disable %1").arg(name) : QObject::tr("Enable %1").arg(name));
    else
        setText(QObject::tr("Set %1 of %2").arg(QString::fromStdString(key_), name));
}

void SetLayerFieldCommand::apply(const std::optional<Json>& value) {
    Json obj = model_->layer(row_);
    if (!obj.is_object()) return;
    if (value)
        obj[key_] = *value;
    else
        obj.erase(key_);
    model_->replaceLayer(row_, std::move(obj));
}

void SetLayerFieldCommand::redo() { apply(after_); }

void SetLayerFieldCommand::undo() { apply(before_); }

bool SetLayerFieldCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const SetLayerFieldCommand*>(other);
    if (!o || !mergeable_ || !o->mergeable_ || o->model_ != model_ || o->row_ != row_ || o->key_ != key_) return false;
    after_ = o->after_;
    // An edit back to where it started is no edit at all.
    if (after_ == before_) setObsolete(true);
    return true;
}

}  // namespace cnnwb::ui
