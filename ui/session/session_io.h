// Between the open document and the engine's session file: the same .cnnwb
// format `cnnwb train/evaluate` read and write (engine/session_file.h).
#pragma once

#include "ui/document/experiment_document.h"

#include <QString>

namespace cnnwb::ui {

// The document as an engine Session: the current spec with the last run's
// history, and its weights when they still belong to the current layers.
// A model with an error is kept as the session's draft (the spec stays the
// last valid one), so an unfinished edit can be saved and autosaved.
Session sessionFromDocument(const ExperimentDocument& document);

// Writes the document to `path` (atomically: temporary file, flush, rename).
// Throws SpecError with a message for the user.
void writeSession(const ExperimentDocument& document, const QString& path);

// Reads `path` without touching any document. Throws SpecError for files that
// are not sessions, are damaged, or come from a newer version.
Session readSession(const QString& path);

// Puts a session read from `path` into the document (clears undo history).
// Runs made from it name it as their parent: its run id when it has one, else the file.
void loadSessionInto(ExperimentDocument& document, Session session, const QString& path);

// A new, unsaved document from a spec: a preset ({"preset", id}), a spec
// file ({"file", name}) or File → New ({"new", ""}).
void loadSpecInto(ExperimentDocument& document, const ModelSpec& spec, const RunOrigin& origin);

}  // namespace cnnwb::ui
