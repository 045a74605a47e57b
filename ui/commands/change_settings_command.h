// Undoable: the experiment settings (everything in the spec but the layers:
// data, training, names) replaced as a whole, as the settings dialog does.
#pragma once

#include "engine/layer_args.h"

#include <QUndoCommand>

namespace cnnwb::ui {

class ExperimentDocument;

class ChangeSettingsCommand : public QUndoCommand {
public:
    ChangeSettingsCommand(ExperimentDocument* document, Json before, Json after);
    void redo() override;
    void undo() override;

private:
    ExperimentDocument* document_;
    Json before_;
    Json after_;
};

}  // namespace cnnwb::ui
