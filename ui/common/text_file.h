// Writing an exported text file (CSV) whole or not at all: through a
// QSaveFile, so a full disk or a crash never leaves half a table behind.
#pragma once

#include <QString>

namespace cnnwb::ui {

// Empty, or the message saying why `path` could not be written.
QString saveTextFile(const QString& text, const QString& path);

}  // namespace cnnwb::ui
