#include "text_file.h"

#include <QObject>
#include <QSaveFile>

namespace cnnwb::ui {

QString saveTextFile(const QString& text, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
    file.write(text.toUtf8());
    if (!file.commit()) return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
    return {};
}

}  // namespace cnnwb::ui
