// What a prepared run looks like, sent once by the worker after the data are
// loaded and the network is built: enough for the dashboard's status line
// (epochs, batches, set sizes) and the views' pickers (class names, sizes).
#pragma once

#include "engine/model_spec.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace cnnwb::ui {

struct RunInfo {
    QString specName;
    bool training = true;  // false: prepared only, to show a stored session's weights
    int epochs = 0;
    int batchesPerEpoch = 0;
    int batchSize = 0;
    int threads = 0;
    qsizetype trainImages = 0;
    qsizetype validationImages = 0;
    qsizetype testImages = 0;
    QStringList classNames;
    std::optional<ReportedFigure> reported;
};

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::RunInfo)
