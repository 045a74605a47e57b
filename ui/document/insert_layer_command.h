// Undoable: a layer object put at a row of the stack (add from the palette,
// drop, duplicate). Undo removes exactly that row again.
#pragma once

#include "engine/layer_args.h"

#include <QUndoCommand>

namespace cnnwb::ui {

class LayerListModel;

class InsertLayerCommand : public QUndoCommand {
public:
    InsertLayerCommand(LayerListModel* model, int row, Json layer, const QString& text);
    void redo() override;
    void undo() override;

private:
    LayerListModel* model_;
    int row_;
    Json layer_;
};

}  // namespace cnnwb::ui
