#include "data_settings_text.h"

#include <QObject>
#include <QStringList>

namespace cnnwb::ui {

QString dataSourceText(const DataSettings& s) {
    if (!s.isImageFolder()) return QString::fromStdString(datasetKind(s.dataset).title);
    return QObject::tr("Image folder %1 (%2×%3 %4)")
        .arg(s.folder.path.empty() ? QObject::tr("— none chosen") : QString::fromStdString(s.folder.path))
        .arg(s.folder.height)
        .arg(s.folder.width)
        .arg(QString::fromStdString(s.folder.colorMode));
}

QString dataSettingsText(const DataSettings& s) {
    QStringList parts;
    parts << dataSourceText(s);
    if (s.classes.empty()) {
        if (const auto count = s.knownClassCount()) parts << QObject::tr("all %1 classes").arg(*count);
        else parts << QObject::tr("every subfolder a class");
    } else {
        QStringList names;
        for (const std::string& c : s.classes) names << QString::fromStdString(c);
        parts << QObject::tr("classes %1").arg(names.join(QStringLiteral(", ")));
    }
    parts << (s.perClass > 0 ? QObject::tr("at most %1 training images per class").arg(s.perClass)
                             : QObject::tr("no per-class cap"));
    parts << (s.validationSplit > 0 ? QObject::tr("%1 % of training held out for validation").arg(s.validationSplit * 100, 0, 'g', 3)
                                    : QObject::tr("no validation split"));
    parts << (s.rescale == 1.0 ? QObject::tr("raw pixels 0..255") : QObject::tr("pixels × %1").arg(s.rescale, 0, 'g', 4));
    if (s.augmentation.any()) parts << QObject::tr("augmented while training (shown here unaugmented)");
    return parts.join(QStringLiteral(" · "));
}

}  // namespace cnnwb::ui
