#include "summary_panel.h"

#include "ui/document/layer_list_model.h"
#include "ui/document/experiment_document.h"
#include "engine/limits.h"
#include "engine/memory_estimate.h"

#include "engine/layer.h"

#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QTextDocument>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

QString thousands(std::uint64_t n) { return QString::fromStdString(withThousands(n)); }

// 1,234,567 → "1.23 M"; small numbers stay exact.
QString compactCount(std::uint64_t n) {
    if (n >= 1000000000ULL) return QStringLiteral("%1 G").arg(double(n) / 1e9, 0, 'f', 2);
    if (n >= 1000000ULL) return QStringLiteral("%1 M").arg(double(n) / 1e6, 0, 'f', 2);
    return thousands(n);
}

}  // namespace

SummaryPanel::SummaryPanel(ExperimentDocument* document, QWidget* parent) : QWidget(parent), document_(document) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    table_ = new QTreeWidget(this);
    table_->setObjectName("summaryTable");
    table_->setRootIsDecorated(false);
    table_->setUniformRowHeights(true);
    table_->setAlternatingRowColors(true);
    table_->setColumnCount(4);
    table_->setHeaderLabels({tr("#"), tr("Layer (type)"), tr("Output shape"), tr("Params")});
    table_->header()->setStretchLastSection(false);
    table_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table_->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    table_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    table_->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    table_->headerItem()->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
    totals_ = new QLabel(this);
    totals_->setObjectName("summaryTotals");
    totals_->setTextFormat(Qt::RichText);
    totals_->setWordWrap(true);
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(table_, 1);
    layout->addWidget(totals_);

    connect(document_, &ExperimentDocument::analysisChanged, this, &SummaryPanel::rebuild);
    connect(table_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item) emit rowSelected(table_->indexOfTopLevelItem(item));
    });
    rebuild();
}

void SummaryPanel::selectRow(int row) {
    const QSignalBlocker block(table_);
    if (QTreeWidgetItem* item = table_->topLevelItem(row)) {
        table_->setCurrentItem(item);
        table_->scrollToItem(item);
    }
}

void SummaryPanel::rebuild() {
    const int current = table_->currentItem() ? table_->indexOfTopLevelItem(table_->currentItem()) : -1;
    const QSignalBlocker block(table_);
    table_->clear();
    LayerListModel* model = document_->layers();
    const NetworkAnalysis& a = document_->analysis();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        auto* item = new QTreeWidgetItem(table_);
        const bool enabled = index.data(LayerListModel::EnabledRole).toBool();
        const QVariant params = index.data(LayerListModel::ParamsRole);
        item->setText(0, QString::number(row + 1));
        item->setText(1, tr("%1 (%2)").arg(index.data(LayerListModel::NameRole).toString(),
                                          index.data(LayerListModel::TypeRole).toString()));
        item->setText(2, enabled ? index.data(LayerListModel::OutputShapeRole).toString() : tr("skipped"));
        item->setText(3, params.isValid() && enabled ? thousands(params.toULongLong()) : QString());
        item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
        QString tip;
        const QString formula = index.data(LayerListModel::FormulaRole).toString();
        if (!formula.isEmpty()) tip = tr("Parameters: %1").arg(formula);
        const QVariant madds = index.data(LayerListModel::MultiplyAddsRole);
        if (madds.isValid() && madds.toULongLong() > 0)
            tip += (tip.isEmpty() ? "" : "\n") + tr("Multiply-adds per image: %1").arg(thousands(madds.toULongLong()));
        const QString error = index.data(LayerListModel::ErrorRole).toString();
        if (!error.isEmpty()) tip = error;
        for (int c = 0; c < 4; ++c) {
            item->setToolTip(c, tip);
            if (!error.isEmpty()) item->setForeground(c, QColor(0xb3, 0x26, 0x1e));
            else if (!enabled) item->setForeground(c, palette().color(QPalette::Disabled, QPalette::Text));
        }
    }
    if (current >= 0) selectRow(std::min(current, table_->topLevelItemCount() - 1));

    if (!a.networkBuilt) {
        totals_->setText(tr("<b>Totals unknown</b> until the network is valid."));
        return;
    }
    const TrainingSettings& training = document_->settings().training;
    const int batch = training.batchSize;
    std::vector<LayerRow> rows;
    for (const auto& row : a.rows)
        if (row) rows.push_back(*row);
    const TrainingMemory m = estimateTrainingMemory(rows, training);
    const MemoryLimit limit = trainingMemoryLimit();
    // Red from three quarters of the limit on, so the estimate warns before the spec is refused.
    const bool nearLimit = m.trainingBytes * 4 > limit.bytes * 3;
    const QString trainingText = QString::fromStdString("≈ " + bytesText(m.trainingBytes));
    auto bytes = [](std::uint64_t b) { return QString::fromStdString(bytesText(b)); };
    totals_->setText(
        tr("<table cellspacing='2'>"
           "<tr><td>Total params:</td><td align='right'><b>%1</b></td></tr>"
           "<tr><td>Trainable params:</td><td align='right'>%2</td></tr>"
           "<tr><td>Non-trainable params:</td><td align='right'>%3</td></tr>"
           "<tr><td>Multiply-adds per image:</td><td align='right'>%4</td></tr>"
           "<tr><td>Weights in memory:</td><td align='right'>%5</td></tr>"
           "<tr><td>Activations per image:</td><td align='right'>%6</td></tr>"
           "<tr><td>Training, batch %7:</td><td align='right'>%8</td></tr>"
           "</table>")
            .arg(thousands(a.totalParams), thousands(a.trainableParams), thousands(a.nonTrainableParams),
                 compactCount(a.multiplyAdds), bytes(m.weightBytes), bytes(m.activationBytesPerImage))
            .arg(batch)
            .arg(nearLimit ? QStringLiteral("<span style='color:#b3261e'><b>%1</b> of %2 allowed</span>")
                                 .arg(trainingText.toHtmlEscaped(), bytes(limit.bytes))
                           : trainingText.toHtmlEscaped()));
    QString tip = tr("Memory is an estimate: float32 weights, their gradients and optimizer state, plus the "
                     "activations of one batch and their gradients. Training is refused above %1 (%2).")
                      .arg(bytes(limit.bytes), QString::fromStdString(limit.origin));
    if (nearLimit && m.heaviestLayer >= 0 && std::size_t(m.heaviestLayer) < rows.size())
        tip += tr("\nThe layer that needs most: '%1' (≈ %2).")
                   .arg(QString::fromStdString(rows[std::size_t(m.heaviestLayer)].name), bytes(m.heaviestLayerBytes));
    totals_->setToolTip(tip);
}

QString SummaryPanel::totalsText() const {
    QTextDocument doc;
    doc.setHtml(totals_->text());
    return doc.toPlainText();
}

}  // namespace cnnwb::ui
