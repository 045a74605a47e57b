// What a run looks like, for the dashboard's status line (epochs, batches,
// set sizes) and the views' pickers (class names, sizes): sent once by the
// worker after the data are loaded and the network is built, or made from
// the spec alone for a stored session's history.
#pragma once

#include "engine/model_spec.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace cnnwb {
class Trainer;
}

namespace cnnwb::ui {

struct RunInfo {
    QString specName;
    bool training = true;  // false: prepared only, to show a stored session's weights
    bool continuing = false;  // the run goes on from a stored one: its history stays on the charts
    int epochs = 0;
    int batchesPerEpoch = 0;
    int batchSize = 0;
    int threads = 0;
    qsizetype trainImages = 0;
    qsizetype validationImages = 0;
    qsizetype testImages = 0;
    QStringList classNames;
    QString skippedFiles;  // an image folder's files not used, and why ("3 files skipped: …"); empty if none
    std::optional<ReportedFigure> reported;
};

// What the spec says, before any data are loaded.
RunInfo runInfoOf(const ModelSpec& spec);
// What a prepared trainer will run: the spec's info with the data sizes,
// class names, epochs and threads the trainer really has.
RunInfo runInfoOf(const Trainer& trainer, bool training, int maxBatchesPerEpoch = 0);

}  // namespace cnnwb::ui

Q_DECLARE_METATYPE(cnnwb::ui::RunInfo)
