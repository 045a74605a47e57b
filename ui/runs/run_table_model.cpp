#include "run_table_model.h"

#include <QBrush>
#include <QColor>

namespace cnnwb::ui {

namespace {

QString qt(const std::string& s) { return QString::fromStdString(s); }

QString join(const std::vector<std::string>& items, const QString& separator) {
    QStringList list;
    for (const std::string& s : items) list << qt(s);
    return list.join(separator);
}

QVariant accuracyCell(const std::optional<double>& v, int role) {
    if (!v) return role == RunTableModel::SortRole ? QVariant(-1.0) : QVariant(QStringLiteral("–"));
    if (role == RunTableModel::SortRole) return *v;
    return QString::number(*v, 'f', 4);
}

QString clock(double seconds) {
    const long s = long(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

}  // namespace

std::optional<double> finalScoreOf(const RunRow& r) {
    return r.finalTestAccuracy ? r.finalTestAccuracy : r.finalValidationAccuracy;
}

RunTableModel::RunTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunTableModel::setRuns(std::vector<RunRow> runs) {
    beginResetModel();
    runs_ = std::move(runs);
    groups_.clear();
    std::map<std::string, std::vector<double>> scores;
    std::map<std::string, int> members;
    for (const RunRow& r : runs_) {
        if (!r.damaged.empty()) continue;
        ++members[r.groupKey];
        if (auto v = finalScoreOf(r); v && r.status == "finished") scores[r.groupKey].push_back(*v);
    }
    for (const auto& [key, values] : scores)
        if (members[key] > 1 && !values.empty()) groups_[key] = Spread::of(values);
    endResetModel();
}

const RunRow* RunTableModel::run(int row) const {
    return row >= 0 && row < int(runs_.size()) ? &runs_[std::size_t(row)] : nullptr;
}

int RunTableModel::rowOf(const QString& id) const {
    for (std::size_t i = 0; i < runs_.size(); ++i)
        if (qt(runs_[i].id) == id) return int(i);
    return -1;
}

std::vector<const RunRow*> RunTableModel::seedGroupOf(const RunRow& run) const {
    std::vector<const RunRow*> members;
    for (const RunRow& r : runs_)
        if (r.damaged.empty() && r.groupKey == run.groupKey) members.push_back(&r);
    return members;
}

std::optional<Spread> RunTableModel::groupSpread(const std::string& groupKey) const {
    auto it = groups_.find(groupKey);
    return it == groups_.end() ? std::nullopt : std::optional<Spread>(it->second);
}

int RunTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(runs_.size()); }
int RunTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    const RunRow* r = run(index.row());
    if (!r) return {};
    if (role == IdRole) return qt(r->id);
    const bool damaged = !r->damaged.empty();
    if (role == Qt::ForegroundRole) {
        if (damaged || run_status::isFailed(r->status)) return QBrush(QColor(0xb3, 0x26, 0x1e));
        if (r->status == run_status::kStopped) return QBrush(QColor(0x80, 0x60, 0x00));
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (damaged) return tr("%1 cannot be read: %2").arg(qt(r->file.string()), qt(r->damaged));
        QString tip = tr("<b>%1</b><br>run %2<br>parent: %3 %4").arg(qt(r->title).toHtmlEscaped(), qt(r->id),
                                                                      qt(r->parent.kind), qt(r->parent.id));
        for (const std::string& c : r->changes) tip += QStringLiteral("<br>• ") + qt(c).toHtmlEscaped();
        if (!r->machine.empty()) tip += tr("<br>machine: %1").arg(qt(r->machine));
        return tip;
    }
    if (role != Qt::DisplayRole && role != SortRole) return {};
    switch (Column(index.column())) {
    case Name: return damaged ? tr("(damaged) %1").arg(qt(r->file.filename().string())) : qt(r->name.empty() ? r->specName : r->name);
    case Preset: return qt(r->preset);
    case Changes: return damaged ? qt(r->damaged) : join(r->changes, QStringLiteral("; "));
    case Seed: return role == SortRole ? QVariant(qulonglong(r->seed)) : QVariant(QString::number(r->seed));
    case Epochs:
        return role == SortRole ? QVariant(r->epochsDone) : QVariant(QStringLiteral("%1/%2").arg(r->epochsDone).arg(r->epochsPlanned));
    case BestValidation: return accuracyCell(r->bestValidationAccuracy, role);
    case FinalValidation: return accuracyCell(r->finalValidationAccuracy, role);
    case FinalTest: return accuracyCell(r->finalTestAccuracy, role);
    case SeedGroup: {
        const auto s = damaged ? std::nullopt : groupSpread(r->groupKey);
        if (!s) return role == SortRole ? QVariant(-1.0) : QVariant(QString());
        if (role == SortRole) return s->mean;
        return QStringLiteral("%1 ± %2 (%3)").arg(s->mean, 0, 'f', 4).arg(s->std, 0, 'f', 4).arg(s->n);
    }
    case Wall: return role == SortRole ? QVariant(r->wallSeconds) : QVariant(clock(r->wallSeconds));
    case Status: return qt(r->status);
    case Tags: return join(r->tags, QStringLiteral(", "));
    case Note: return qt(r->note);
    case Started: return qt(r->started);
    case ColumnCount: break;
    }
    return {};
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case Changes: return tr("The settings that differ from the run's parent (the preset or run it came from)");
        case SeedGroup: return tr("Runs that differ only in their seed: the mean ± standard deviation (number of runs) "
                                  "of their final accuracy");
        case FinalTest: return tr("Test accuracy after the last epoch");
        case BestValidation: return tr("The best validation accuracy over the epochs");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (Column(section)) {
    case Name: return tr("Name");
    case Preset: return tr("Preset");
    case Changes: return tr("What changed");
    case Seed: return tr("Seed");
    case Epochs: return tr("Epochs");
    case BestValidation: return tr("Best val.");
    case FinalValidation: return tr("Final val.");
    case FinalTest: return tr("Final test");
    case SeedGroup: return tr("Seed group");
    case Wall: return tr("Wall time");
    case Status: return tr("Status");
    case Tags: return tr("Tags");
    case Note: return tr("Note");
    case Started: return tr("Started (UTC)");
    case ColumnCount: break;
    }
    return {};
}

}  // namespace cnnwb::ui
