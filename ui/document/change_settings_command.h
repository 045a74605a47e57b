// Undoable: the experiment settings (everything in the spec but the layers:
// data, training, names) replaced as a whole, as the settings dialog does.
#pragma once

#include "engine/settings.h"

#include <QUndoCommand>

namespace cnnwb::ui {

class ExperimentDocument;

class ChangeSettingsCommand : public QUndoCommand {
public:
    ChangeSettingsCommand(ExperimentDocument* document, ExperimentSettings before, ExperimentSettings after);
    void redo() override;
    void undo() override;

private:
    ExperimentDocument* document_;
    ExperimentSettings before_;
    ExperimentSettings after_;
};

}  // namespace cnnwb::ui
