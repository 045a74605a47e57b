#include "confusion_matrix_model.h"

#include <QBrush>
#include <QColor>

#include <cmath>
#include <numeric>

namespace cnnwb::ui {

namespace {

// A share of the row as a colour strength: the square root lifts small
// confusions (3 of 1000) off the white without drowning the big ones.
int alphaFor(double share) { return share <= 0 ? 0 : int(std::round(40 + 215 * std::sqrt(std::min(1.0, share)))); }

}  // namespace

ConfusionMatrixModel::ConfusionMatrixModel(QObject* parent) : QAbstractTableModel(parent) {}

void ConfusionMatrixModel::setMatrix(const std::vector<std::vector<std::size_t>>& counts, const QStringList& classNames) {
    beginResetModel();
    counts_ = counts;
    classNames_ = classNames;
    rowTotals_.clear();
    for (const auto& row : counts_) rowTotals_.push_back(std::accumulate(row.begin(), row.end(), std::size_t(0)));
    endResetModel();
}

void ConfusionMatrixModel::setRowNormalised(bool on) {
    if (on == rowNormalised_) return;
    rowNormalised_ = on;
    if (!counts_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

std::size_t ConfusionMatrixModel::count(int t, int p) const { return counts_[std::size_t(t)][std::size_t(p)]; }

std::size_t ConfusionMatrixModel::rowTotal(int t) const { return rowTotals_[std::size_t(t)]; }

double ConfusionMatrixModel::rowShare(int t, int p) const {
    return rowTotal(t) ? double(count(t, p)) / double(rowTotal(t)) : 0.0;
}

QString ConfusionMatrixModel::cellText(int t, int p) const {
    if (!rowNormalised_) return QString::number(qulonglong(count(t, p)));
    return QString::number(100 * rowShare(t, p), 'f', 1);
}

int ConfusionMatrixModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(counts_.size()); }

int ConfusionMatrixModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(counts_.size()); }

QVariant ConfusionMatrixModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const int t = index.row(), p = index.column();
    const double share = rowShare(t, p);
    switch (role) {
    case Qt::DisplayRole: return cellText(t, p);
    case Qt::TextAlignmentRole: return int(Qt::AlignCenter);
    case CountRole: return qulonglong(count(t, p));
    case Qt::BackgroundRole: {
        if (count(t, p) == 0) return {};
        QColor c = t == p ? QColor(46, 160, 67) : QColor(215, 48, 39);
        c.setAlpha(alphaFor(share));
        return QBrush(c);
    }
    case Qt::ForegroundRole:
        return count(t, p) == 0 ? QBrush(QColor(170, 170, 170)) : QBrush(alphaFor(share) > 170 ? Qt::white : Qt::black);
    case Qt::ToolTipRole:
        return tr("true %1, predicted %2: %3 of the %4 images of %1 (%5 %)")
            .arg(classNames_.value(t), classNames_.value(p))
            .arg(qulonglong(count(t, p)))
            .arg(qulonglong(rowTotal(t)))
            .arg(100 * share, 0, 'f', 2);
    default: return {};
    }
}

QVariant ConfusionMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role == Qt::DisplayRole) return classNames_.value(section);
    if (role == Qt::ToolTipRole)
        return orientation == Qt::Vertical ? tr("true class %1").arg(classNames_.value(section))
                                           : tr("predicted as %1").arg(classNames_.value(section));
    return {};
}

}  // namespace cnnwb::ui
