#include "remove_layer_command.h"

#include "layer_list_model.h"

namespace cnnwb::ui {

RemoveLayerCommand::RemoveLayerCommand(LayerListModel* model, int row) : model_(model), row_(row) {
    setText(QObject::tr("Delete %1").arg(model->index(row).data(LayerListModel::NameRole).toString()));
}

void RemoveLayerCommand::redo() { removed_ = model_->removeLayer(row_); }

void RemoveLayerCommand::undo() { model_->insertLayer(row_, removed_); }

}  // namespace cnnwb::ui
