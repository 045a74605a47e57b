// Undoable: a layer taken out of the stack. Undo puts the same JSON object
// back at the same row.
#pragma once

#include "engine/layer_args.h"

#include <QUndoCommand>

namespace cnnwb::ui {

class LayerListModel;

class RemoveLayerCommand : public QUndoCommand {
public:
    RemoveLayerCommand(LayerListModel* model, int row);
    void redo() override;
    void undo() override;

private:
    LayerListModel* model_;
    int row_;
    Json removed_;
};

}  // namespace cnnwb::ui
