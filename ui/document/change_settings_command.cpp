#include "change_settings_command.h"

#include "experiment_document.h"

namespace cnnwb::ui {

ChangeSettingsCommand::ChangeSettingsCommand(ExperimentDocument* document, ExperimentSettings before,
                                             ExperimentSettings after)
    : QUndoCommand(QObject::tr("Change experiment settings")),
      document_(document),
      before_(std::move(before)),
      after_(std::move(after)) {}

void ChangeSettingsCommand::redo() { document_->applySettings(after_); }

void ChangeSettingsCommand::undo() { document_->applySettings(before_); }

}  // namespace cnnwb::ui
