// Undoable: a layer moved from one row to another (drag in the stack, Move
// up/down). `to` is the row the layer ends up at.
#pragma once

#include <QUndoCommand>

namespace cnnwb::ui {

class LayerListModel;

class MoveLayerCommand : public QUndoCommand {
public:
    MoveLayerCommand(LayerListModel* model, int from, int to);
    void redo() override;
    void undo() override;

private:
    LayerListModel* model_;
    int from_;
    int to_;
};

}  // namespace cnnwb::ui
