#include "history_snapshot.h"

#include <QObject>

#include <algorithm>

namespace cnnwb::ui {

namespace {

// Whether the live weights are the history's last copy (a finished run, a
// stored session): the same numbers, whatever the captions say.
bool lastCopyIsLive(const WeightSnapshot& live) {
    if (!live.history || live.history->empty()) return false;
    const std::size_t last = live.history->size() - 1;
    bool compared = false;
    for (const KernelBank& b : live.banks) {
        const auto copy = live.history->values(last, b.key);
        if (copy.empty()) continue;
        if (!std::equal(copy.begin(), copy.end(), b.values.cbegin(), b.values.cend())) return false;
        compared = true;
    }
    return compared;
}

}  // namespace

QString historyPointText(const WeightHistoryPoint& point, std::uint32_t seed) {
    if (point.epoch == 0 && point.step == 0)
        return seed ? QObject::tr("initial weights (seed %1), before training").arg(seed)
                    : QObject::tr("initial weights, before training");
    if (point.epochEnd) return QObject::tr("end of epoch %1 (batch %2)").arg(point.epoch).arg(point.batch);
    return QObject::tr("epoch %1, batch %2").arg(point.epoch).arg(point.batch);
}

int historyPositions(const WeightSnapshot& live) {
    const int copies = live.history ? int(live.history->size()) : 0;
    return lastCopyIsLive(live) ? copies : copies + 1;
}

WeightSnapshot historySnapshot(const WeightSnapshot& live, int index, bool delta) {
    const WeightHistory* h = live.history.get();
    const int copies = h ? int(h->size()) : 0;
    const int positions = historyPositions(live);
    index = std::clamp(index, 0, positions - 1);
    // The last position is the live weights (which may also be the last copy).
    const bool atLive = index == positions - 1;
    if (atLive && !delta) return live;
    WeightSnapshot shown = live;
    const int copyIndex = atLive && !lastCopyIsLive(live) ? copies : index;
    const int previous = copyIndex - 1;
    const QString where = atLive ? live.caption : historyPointText(h->points()[std::size_t(index)]);
    if (delta && previous < 0) {
        for (KernelBank& b : shown.banks) b.values.fill(0.0f);
        shown.caption = QObject::tr("%1 — no earlier copy to compare with").arg(where);
        return shown;
    }
    for (KernelBank& b : shown.banks) {
        const auto now = atLive ? std::span<const float>(b.values.constData(), std::size_t(b.values.size()))
                                : h->values(std::size_t(index), b.key);
        if (now.size() != std::size_t(b.values.size())) continue;  // not tracked: shown as it is live
        QVector<float> values(b.values.size());
        if (delta) {
            const auto before = h->values(std::size_t(previous), b.key);
            for (qsizetype i = 0; i < values.size(); ++i) values[i] = now[std::size_t(i)] - before[std::size_t(i)];
        } else {
            std::copy(now.begin(), now.end(), values.begin());
        }
        b.values = std::move(values);
    }
    shown.caption = delta ? QObject::tr("change from %1 to %2")
                                .arg(historyPointText(h->points()[std::size_t(previous)]), where)
                          : QObject::tr("%1 (copy %2 of %3)").arg(where).arg(copyIndex + 1).arg(copies);
    return shown;
}

}  // namespace cnnwb::ui
