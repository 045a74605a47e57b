#include "history_csv.h"

#include "ui/common/text_file.h"

#include <QObject>

#include <cmath>

namespace cnnwb::ui {

namespace {
QString number(double v) { return QString::number(v, 'g', 9); }
// A rate the history does not know (a session from before schedules) is an empty cell.
QString rate(double v) { return std::isfinite(v) ? number(v) : QString(); }
}  // namespace

QString historyCsv(const MetricsHistory& history) {
    QString out = QStringLiteral("series,epoch,batch,x,loss,accuracy,images_per_second,elapsed_seconds,learning_rate\n");
    for (const BatchStats& b : history.batches())
        out += QStringLiteral("training_batch,%1,%2,%3,%4,%5,%6,%7,%8\n")
                   .arg(b.epoch)
                   .arg(b.batch)
                   .arg(number(batchKey(b)), number(b.loss), number(b.accuracy), number(b.imagesPerSecond),
                        number(b.elapsedSeconds), rate(b.learningRate));
    for (const EpochStats& e : history.epochs()) {
        out += QStringLiteral("training_epoch,%1,,%1,%2,%3,%4,,\n")
                   .arg(e.epoch)
                   .arg(number(e.train.loss), number(e.train.accuracy), number(e.imagesPerSecond));
        if (e.validation)
            out += QStringLiteral("validation,%1,,%1,%2,%3,,,\n")
                       .arg(e.epoch)
                       .arg(number(e.validation->loss), number(e.validation->accuracy));
        if (e.test)
            out += QStringLiteral("test,%1,,%1,%2,%3,,,\n").arg(e.epoch).arg(number(e.test->loss), number(e.test->accuracy));
    }
    return out;
}

QString saveHistoryCsv(const MetricsHistory& history, const QString& path) { return saveTextFile(historyCsv(history), path); }

}  // namespace cnnwb::ui
