#include "move_layer_command.h"

#include "layer_list_model.h"

namespace cnnwb::ui {

MoveLayerCommand::MoveLayerCommand(LayerListModel* model, int from, int to) : model_(model), from_(from), to_(to) {
    setText(QObject::tr("Move %1").arg(model->index(from).data(LayerListModel::NameRole).toString()));
}

void MoveLayerCommand::redo() { model_->moveLayer(from_, to_); }

void MoveLayerCommand::undo() { model_->moveLayer(to_, from_); }

}  // namespace cnnwb::ui
