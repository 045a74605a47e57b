#include "layer_list_model.h"

#include "layer_args_summary.h"

#include <QMimeData>

namespace cnnwb::ui {

LayerListModel::LayerListModel(QObject* parent) : QAbstractListModel(parent) {
    // An edited network is another network: the last run's times are not its own.
    connect(this, &LayerListModel::layersEdited, this, [this] {
        times_.clear();
        totalSeconds_ = 0;
    });
}

int LayerListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(layers_.size());
}

static QString str(const std::string& s) { return QString::fromStdString(s); }

QVariant LayerListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Json& obj = layers_[std::size_t(index.row())];
    const auto& known = std::size_t(index.row()) < analysis_.rows.size() ? analysis_.rows[std::size_t(index.row())]
                                                                         : std::optional<LayerRow>();
    const bool enabled = !(obj.is_object() && obj.value("enabled", true) == false);
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return obj.is_object() && obj.contains("name") && obj["name"].is_string() ? str(obj["name"].get<std::string>())
               : known ? str(known->name) : QString();
    case TypeRole:
        return obj.is_object() && obj.contains("type") && obj["type"].is_string() ? str(obj["type"].get<std::string>())
                                                                                  : QString();
    case LayerJsonRole:
        return str(obj.dump());
    case ArgsSummaryRole:
        return layerArgsSummary(obj);
    case OutputShapeRole:
        return known && known->enabled ? str(known->outputShape.str()) : QString();
    case ParamsRole:
        return known ? QVariant(qulonglong(known->params)) : QVariant();
    case MultiplyAddsRole:
        return known ? QVariant(qulonglong(known->multiplyAdds)) : QVariant();
    case FormulaRole:
        return known ? str(known->formula) : QString();
    case EnabledRole:
        return enabled;
    case ErrorRole:
        return index.row() == analysis_.errorLayer ? analysis_.error : QString();
    case CostRole: {
        QString cost = known && enabled && known->multiplyAdds
                           ? tr("%1 multiply-adds").arg(str(withThousands(known->multiplyAdds)))
                           : QString();
        const auto t = times_.find(obj.is_object() ? obj.value("name", std::string()) : std::string());
        if (known && enabled && t != times_.end() && t->second.passes > 0) {
            const double batches = double(t->second.passes);
            const double share = totalSeconds_ > 0 ? (t->second.forwardSeconds + t->second.backwardSeconds) / totalSeconds_ : 0;
            cost += (cost.isEmpty() ? QString() : QStringLiteral(" · ")) +
                    tr("forward %1 + backward %2 ms a batch (%3 %)")
                        .arg(1000 * t->second.forwardSeconds / batches, 0, 'g', 3)
                        .arg(1000 * t->second.backwardSeconds / batches, 0, 'g', 3)
                        .arg(100 * share, 0, 'f', 0);
        }
        return cost;
    }
    case Qt::ToolTipRole: {
        if (index.row() == analysis_.errorLayer) return analysis_.error;
        if (known && !known->formula.empty()) return tr("Parameters: %1").arg(str(known->formula));
        return {};
    }
    default:
        return {};
    }
}

Qt::ItemFlags LayerListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::ItemIsDropEnabled;  // drops land between cards, never on one
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
}

Qt::DropActions LayerListModel::supportedDropActions() const { return Qt::MoveAction | Qt::CopyAction; }
Qt::DropActions LayerListModel::supportedDragActions() const { return Qt::MoveAction; }

QStringList LayerListModel::mimeTypes() const { return {QString(kRowMime), QString(kTypeMime)}; }

QMimeData* LayerListModel::mimeData(const QModelIndexList& indexes) const {
    if (indexes.isEmpty() || !indexes.first().isValid()) return nullptr;
    auto* mime = new QMimeData;
    mime->setData(kRowMime, QByteArray::number(indexes.first().row()));
    return mime;
}

bool LayerListModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int, int, const QModelIndex&) const {
    return data && (data->hasFormat(kRowMime) || data->hasFormat(kTypeMime));
}

bool LayerListModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int, const QModelIndex& parent) {
    if (!data || action == Qt::IgnoreAction) return false;
    // A drop onto a card means "before it"; a drop below the last card appends.
    int target = row;
    if (target < 0) target = parent.isValid() ? parent.row() : rowCount();
    target = std::clamp(target, 0, rowCount());
    if (data->hasFormat(kRowMime)) {
        bool ok = false;
        const int from = data->data(kRowMime).toInt(&ok);
        if (!ok || from < 0 || from >= rowCount()) return false;
        const int to = target > from ? target - 1 : target;
        if (to != from) emit moveRequested(from, to);
        return true;
    }
    if (data->hasFormat(kTypeMime)) {
        const QString type = QString::fromUtf8(data->data(kTypeMime));
        if (type.isEmpty()) return false;
        emit insertTypeRequested(type, target);
        return true;
    }
    return false;
}

void LayerListModel::resetLayers(Json layers) {
    beginResetModel();
    layers_ = layers.is_array() ? std::move(layers) : Json::array();
    analysis_ = {};
    endResetModel();
    emit layersEdited();
}

void LayerListModel::insertLayer(int row, Json layer) {
    row = std::clamp(row, 0, rowCount());
    beginInsertRows({}, row, row);
    layers_.insert(layers_.begin() + row, std::move(layer));
    endInsertRows();
    emit layersEdited();
    emit rowTouched(row);
}

Json LayerListModel::removeLayer(int row) {
    beginRemoveRows({}, row, row);
    Json taken = std::move(layers_[std::size_t(row)]);
    layers_.erase(layers_.begin() + row);
    endRemoveRows();
    emit layersEdited();
    if (rowCount() > 0) emit rowTouched(std::min(row, rowCount() - 1));
    return taken;
}

void LayerListModel::moveLayer(int from, int to) {
    if (from == to) return;
    // beginMoveRows wants the destination as "insert before this row" in the old numbering.
    beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
    Json taken = std::move(layers_[std::size_t(from)]);
    layers_.erase(layers_.begin() + from);
    layers_.insert(layers_.begin() + to, std::move(taken));
    endMoveRows();
    emit layersEdited();
    emit rowTouched(to);
}

void LayerListModel::replaceLayer(int row, Json layer) {
    layers_[std::size_t(row)] = std::move(layer);
    emit dataChanged(index(row), index(row));
    emit layersEdited();
    emit rowTouched(row);
}

void LayerListModel::setLayerTimes(const std::vector<NamedLayerTime>& times) {
    times_.clear();
    totalSeconds_ = 0;
    for (const NamedLayerTime& t : times) {
        times_[t.layer] = t.time;
        totalSeconds_ += t.time.forwardSeconds + t.time.backwardSeconds;
    }
    if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1));
}

void LayerListModel::setAnalysis(NetworkAnalysis analysis) {
    analysis_ = std::move(analysis);
    if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1));
}

}  // namespace cnnwb::ui
