#include "training_status.h"

#include "engine/layer.h"

#include <QObject>

#include <cmath>

namespace cnnwb::ui {

namespace {
QString thousands(double n) { return QString::fromStdString(withThousands(std::uint64_t(std::llround(std::max(0.0, n))))); }
}  // namespace

QString durationText(double seconds) {
    const long long s = std::llround(std::max(0.0, seconds));
    const long long h = s / 3600, m = (s / 60) % 60, r = s % 60;
    if (h > 0) return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QChar('0')).arg(r, 2, 10, QChar('0'));
    return QStringLiteral("%1:%2").arg(m).arg(r, 2, 10, QChar('0'));
}

std::optional<double> remainingSeconds(const RunInfo& info, const BatchStats& last) {
    const int perEpoch = last.batchesPerEpoch > 0 ? last.batchesPerEpoch : info.batchesPerEpoch;
    if (perEpoch <= 0 || info.epochs <= 0) return std::nullopt;
    const double done = double(last.epoch - 1) * perEpoch + last.batch;
    const double total = double(info.epochs) * perEpoch;
    if (done <= 0 || last.elapsedSeconds <= 0) return std::nullopt;
    return last.elapsedSeconds * std::max(0.0, total - done) / done;
}

QString trainingStatusText(TrainingState state, const RunInfo& info, const MetricsHistory& history) {
    QString stateText = trainingStateText(state);
    stateText[0] = stateText[0].toUpper();
    QStringList parts{stateText};
    const auto last = history.lastBatch();
    if (last) {
        parts << QObject::tr("epoch %1/%2").arg(last->epoch).arg(info.epochs);
        parts << QObject::tr("batch %1/%2")
                     .arg(thousands(last->batch))
                     .arg(thousands(last->batchesPerEpoch));
        parts << QObject::tr("%1 images/s").arg(thousands(last->imagesPerSecond));
        parts << QObject::tr("elapsed %1").arg(durationText(last->elapsedSeconds));
        if (state == TrainingState::Running || state == TrainingState::Paused) {
            if (const auto eta = remainingSeconds(info, *last)) parts << QObject::tr("ETA %1").arg(durationText(*eta));
        }
    } else if (info.trainImages > 0) {
        parts << QObject::tr("%1 training images, %2 batches of %3 per epoch, %4 epochs")
                     .arg(thousands(double(info.trainImages)))
                     .arg(thousands(info.batchesPerEpoch))
                     .arg(info.batchSize)
                     .arg(info.epochs);
    }
    if (const auto best = history.bestValidationAccuracy())
        parts << QObject::tr("best validation accuracy %1 (epoch %2)").arg(best->first, 0, 'f', 4).arg(best->second);
    else if (const auto test = history.bestTestAccuracy())
        parts << QObject::tr("best test accuracy %1 (epoch %2; no validation split)")
                     .arg(test->first, 0, 'f', 4)
                     .arg(test->second);
    else if (last)
        parts << QObject::tr("best validation accuracy — (after the first epoch)");
    return parts.join(QStringLiteral(" · "));
}

}  // namespace cnnwb::ui
