#include "model_builder.h"

#include "layer_card_delegate.h"
#include "ui/document/layer_list_model.h"
#include "layer_palette.h"
#include "layer_stack_view.h"
#include "property_editor.h"
#include "summary_panel.h"
#include "ui/document/experiment_document.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

// A titled pane: a small bold caption above the content.
QWidget* pane(const QString& title, QWidget* content, QWidget* parent, const QString& hint = {}) {
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto* caption = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), box);
    layout->addWidget(caption);
    if (!hint.isEmpty()) {
        auto* h = new QLabel(hint, box);
        h->setWordWrap(true);
        h->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(h);
    }
    layout->addWidget(content, 1);
    return box;
}

}  // namespace

ModelBuilder::ModelBuilder(ExperimentDocument* document, QWidget* parent) : QWidget(parent), document_(document) {
    palette_ = new LayerPalette(this);
    palette_->setObjectName("layerPalette");
    stack_ = new LayerStackView(this);
    stack_->setObjectName("layerStack");
    stack_->setModel(document_->layers());
    properties_ = new PropertyEditor(document_, this);
    properties_->setObjectName("propertyEditor");
    summary_ = new SummaryPanel(document_, this);
    summary_->setObjectName("summaryPanel");

    auto* propertiesScroll = new QScrollArea(this);
    propertiesScroll->setWidget(properties_);
    propertiesScroll->setWidgetResizable(true);
    propertiesScroll->setFrameShape(QFrame::NoFrame);

    palettePane_ = pane(tr("Layers"), palette_, this, tr("Double-click or drag onto the stack"));
    auto* stackPane = pane(tr("Network"), stack_, this);
    propertiesPane_ = pane(tr("Properties"), propertiesScroll, this);
    summaryPane_ = pane(tr("Summary"), summary_, this);

    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(propertiesPane_);
    right->addWidget(summaryPane_);
    right->setStretchFactor(0, 5);
    right->setStretchFactor(1, 4);
    right->setSizes({360, 290});

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(palettePane_);
    split->addWidget(stackPane);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    // Wide enough for the longest layer name the engine registers.
    const int paletteWidth = palette_->sizeHintForColumn(0) + 2 * palette_->frameWidth() + 16;
    split->setSizes({std::max(190, paletteWidth), 560, 460});
    split->setChildrenCollapsible(false);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    LayerListModel* model = document_->layers();
    connect(palette_, &LayerPalette::addRequested, this, &ModelBuilder::addLayer);
    connect(model, &LayerListModel::rowTouched, this, &ModelBuilder::selectRow);
    connect(stack_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& i) {
        properties_->setCurrentRow(i.isValid() ? i.row() : -1);
        summary_->selectRow(i.isValid() ? i.row() : -1);
        emit currentRowChanged(i.isValid() ? i.row() : -1);
    });
    connect(summary_, &SummaryPanel::rowSelected, this, &ModelBuilder::selectRow);
    connect(stack_->cardDelegate(), &LayerCardDelegate::enableToggleRequested, this,
            [this](int row, bool on) { document_->setLayerEnabled(row, on); });
    // After a reset (open, preset) start with the Input card selected.
    connect(model, &QAbstractItemModel::modelReset, this, [this] { selectRow(0); });
}

int ModelBuilder::currentRow() const { return stack_->currentRow(); }

void ModelBuilder::selectRow(int row) {
    stack_->selectRow(row);
}

void ModelBuilder::addLayer(const QString& type) {
    const int row = currentRow();
    document_->addLayer(type, row >= 0 ? row + 1 : document_->layers()->rowCount());
}

void ModelBuilder::duplicateCurrent() { document_->duplicateLayer(currentRow()); }

void ModelBuilder::deleteCurrent() { document_->removeLayer(currentRow()); }

void ModelBuilder::moveCurrent(int delta) {
    const int row = currentRow();
    if (row < 0) return;
    document_->moveLayer(row, row + delta);
}

void ModelBuilder::toggleCurrentEnabled() {
    const int row = currentRow();
    if (row < 0) return;
    const bool enabled = document_->layers()->index(row).data(LayerListModel::EnabledRole).toBool();
    document_->setLayerEnabled(row, !enabled);
}

}  // namespace cnnwb::ui
