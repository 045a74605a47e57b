#include "insert_layer_command.h"

#include "layer_list_model.h"

namespace cnnwb::ui {

InsertLayerCommand::InsertLayerCommand(LayerListModel* model, int row, Json layer, const QString& text)
    : QUndoCommand(text), model_(model), row_(row), layer_(std::move(layer)) {}

void InsertLayerCommand::redo() { model_->insertLayer(row_, layer_); }

void InsertLayerCommand::undo() { model_->removeLayer(row_); }

}  // namespace cnnwb::ui
