#include "filter_view.h"

#include "colour_bar.h"
#include "filter_history_bar.h"
#include "history_snapshot.h"
#include "weight_trace_chart.h"
#include "diverging_palette.h"
#include "kernel_cell.h"
#include "kernel_csv.h"
#include "kernel_table.h"
#include "kernel_table_model.h"
#include "kernel_images.h"
#include "strongest_images_panel.h"
#include "ui/common/message_banner.h"
#include "ui/common/tile_grid.h"
#include "ui/training/training_controller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {
constexpr int kLiveIntervalMs = 250;  // 4 copies a second: live without costing the trainer anything visible
constexpr int kCellGap = 12;
constexpr int kMaxChannelsSideBySide = 4;
}  // namespace

FilterView::FilterView(QWidget* parent)
    : QWidget(parent),
      layer_(new QComboBox(this)),
      channel_(new QSpinBox(this)),
      channelLabel_(new QLabel(tr("Input channel"), this)),
      scaleMode_(new QComboBox(this)),
      freeze_(new QCheckBox(tr("Freeze"), this)),
      images_(new QCheckBox(tr("Colour images"), this)),
      heading_(new QLabel),
      empty_(new QLabel),
      colourBar_(new ColourBar),
      rgb_(new TileGrid),
      historyBar_(new FilterHistoryBar(this)),
      traceBox_(new QWidget(this)),
      trace_(new WeightTraceChart(traceBox_)),
      strongest_(new StrongestImagesPanel(this)),
      banner_(new MessageBanner(this)),
      scroll_(new QScrollArea(this)),
      sheet_(new QWidget),
      grid_(new QWidget),
      gridLayout_(new QGridLayout(grid_)),
      liveTimer_(new QTimer(this)) {
    layer_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    layer_->setToolTip(tr("Convolution layer whose kernels are shown"));
    channel_->setToolTip(tr("Which input channel of each kernel the tables show; \"all\" puts them side by side"));
    scaleMode_->addItem(tr("Shared scale"));
    scaleMode_->addItem(tr("Per-kernel scale"));
    scaleMode_->setToolTip(tr("Colour every kernel against the layer's largest weight, or each against its own"));
    freeze_->setToolTip(tr("Keep showing these weights while training goes on"));
    images_->setToolTip(tr("Show first-layer kernels on colour images as pictures"));
    images_->setChecked(true);
    auto* strongest = new QPushButton(tr("Strongest images"), this);
    strongest->setObjectName("findStrongestImages");
    strongest->setToolTip(tr("For each kernel of this layer, the test images it responds to most, and the patch it sees"));
    connect(strongest, &QPushButton::clicked, this, &FilterView::findStrongestImages);
    auto* exportCsv = new QPushButton(tr("Export CSV…"), this);
    auto* exportPng = new QPushButton(tr("Export PNG…"), this);
    connect(exportCsv, &QPushButton::clicked, this, [this] { chooseExport(QStringLiteral("csv")); });
    connect(exportPng, &QPushButton::clicked, this, [this] { chooseExport(QStringLiteral("png")); });

    auto* tools = new QHBoxLayout;
    tools->addWidget(new QLabel(tr("Layer"), this));
    tools->addWidget(layer_);
    tools->addWidget(channelLabel_);
    tools->addWidget(channel_);
    tools->addWidget(scaleMode_);
    tools->addWidget(images_);
    tools->addWidget(freeze_);
    tools->addStretch(1);
    tools->addWidget(strongest);
    tools->addWidget(exportCsv);
    tools->addWidget(exportPng);

    heading_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    empty_->setText(tr("No convolution weights yet. Train the model (or open a trained session) to see its filters."));
    empty_->setWordWrap(true);
    gridLayout_->setContentsMargins(0, 0, 0, 0);
    gridLayout_->setHorizontalSpacing(kCellGap);
    gridLayout_->setVerticalSpacing(8);
    auto* sheetLayout = new QVBoxLayout(sheet_);
    sheetLayout->addWidget(heading_);
    sheetLayout->addWidget(colourBar_);
    sheetLayout->addWidget(empty_);
    sheetLayout->addWidget(rgb_);
    sheetLayout->addWidget(grid_, 0, Qt::AlignLeft | Qt::AlignTop);
    sheetLayout->addStretch(1);
    sheet_->setAutoFillBackground(true);
    scroll_->setWidget(sheet_);
    scroll_->setWidgetResizable(true);
    scroll_->viewport()->installEventFilter(this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(tools);
    layout->addWidget(historyBar_);
    layout->addWidget(banner_);
    layout->addWidget(scroll_, 1);
    auto* closeTrace = new QPushButton(tr("Close"), traceBox_);
    closeTrace->setToolTip(tr("Hide the weight's chart"));
    connect(closeTrace, &QPushButton::clicked, traceBox_, &QWidget::hide);
    auto* traceLayout = new QHBoxLayout(traceBox_);
    traceLayout->setContentsMargins(0, 0, 0, 0);
    traceLayout->addWidget(trace_, 1);
    traceLayout->addWidget(closeTrace, 0, Qt::AlignTop);
    traceBox_->hide();
    layout->addWidget(traceBox_);
    strongest_->hide();
    layout->addWidget(strongest_, 1);
    connect(strongest_, &StrongestImagesPanel::closeRequested, strongest_, &QWidget::hide);
    connect(strongest_, &StrongestImagesPanel::patchActivated, this, &FilterView::patchActivated);
    connect(historyBar_, &FilterHistoryBar::changed, this, &FilterView::showHistoryPosition);

    connect(layer_, &QComboBox::currentIndexChanged, this, [this] { showCurrentLayer(); });
    connect(channel_, &QSpinBox::valueChanged, this, [this] {
        channelChosen_ = true;
        showCurrentLayer();
    });
    connect(scaleMode_, &QComboBox::currentIndexChanged, this, [this] { showCurrentLayer(); });
    connect(images_, &QCheckBox::toggled, this, [this] { showCurrentLayer(); });
    connect(freeze_, &QCheckBox::toggled, this, [this](bool frozen) {
        if (!frozen) requestLive();
    });
    liveTimer_->setInterval(kLiveIntervalMs);
    connect(liveTimer_, &QTimer::timeout, this, &FilterView::requestLive);
    showCurrentLayer();
}

void FilterView::attach(TrainingController* controller) {
    controller_ = controller;
    connect(controller->events(), &TrainingEvents::snapshotReady, this, [this](const WeightSnapshot& s) {
        if (!isFrozen()) showSnapshot(s);
    });
    connect(strongest_, &StrongestImagesPanel::stopRequested, controller, &TrainingController::cancelStrongestImages);
    connect(controller->events(), &TrainingEvents::strongestImagesProgress, strongest_, &StrongestImagesPanel::showProgress);
    connect(controller->events(), &TrainingEvents::strongestImagesReady, strongest_, &StrongestImagesPanel::showImages);
    connect(controller->events(), &TrainingEvents::strongestImagesFailed, strongest_, &StrongestImagesPanel::showFailure);
    connect(controller, &TrainingController::stateChanged, this, [this](TrainingState state) {
        if (isBusy(state)) liveTimer_->start();
        else liveTimer_->stop();
        // One last copy when a run ends or a session's weights are loaded.
        if (state != TrainingState::Preparing && state != TrainingState::Idle) requestLive();
    });
}

void FilterView::findStrongestImages() {
    const KernelBank* bank = currentBank();
    if (!bank || !controller_ || !controller_->hasNetwork()) {
        banner_->showError(tr("There are no filters yet: train the model, or open a trained session."));
        return;
    }
    strongest_->show();
    strongest_->showScanning(bank->layerName);
    controller_->requestStrongestImages({bank->layerName, DataPart::Test, 9});
}

void FilterView::requestLive() {
    if (controller_ && !isFrozen() && isVisible() && controller_->hasNetwork()) controller_->requestSnapshot();
}

bool FilterView::isFrozen() const { return freeze_->isChecked(); }
void FilterView::setFrozen(bool on) { freeze_->setChecked(on); }
void FilterView::setPerKernelScale(bool on) { scaleMode_->setCurrentIndex(on ? 1 : 0); }
void FilterView::setInputChannel(int channel) {
    channelChosen_ = true;
    channel_->setValue(channel + 1);
}
int FilterView::inputChannel() const { return channel_->value() - 1; }

void FilterView::setLayer(const QString& layerName) {
    const int i = layer_->findData(layerName);
    if (i >= 0) layer_->setCurrentIndex(i);
}

const KernelBank* FilterView::currentBank() const { return snapshot_.bank(layer_->currentData().toString()); }

KernelTableModel* FilterView::kernelModel(int kernel, int channelTable) const {
    return kernel >= 0 && kernel < cells_.size() ? cells_[kernel]->model(channelTable) : nullptr;
}

int FilterView::channelTables() const { return cells_.isEmpty() ? 0 : cells_.front()->channelCount(); }

void FilterView::showSnapshot(const WeightSnapshot& snapshot) {
    const bool newHistory = snapshot.history != live_.history;
    live_ = snapshot;
    historyBar_->setSnapshot(live_);
    if (newHistory && isWeightTraceShown() && live_.history)
        trace_->showTrace(*live_.history, trace_->key(), trace_->element(), trace_->title());
    showHistoryPosition();
}

void FilterView::showHistoryPosition() {
    snapshot_ = historySnapshot(live_, historyBar_->position(), historyBar_->showsChange());
    const int copies = live_.history ? int(live_.history->size()) : 0;
    trace_->markCopy(historyBar_->position() < copies ? historyBar_->position() : -1);
    rebuildLayerList();
    showCurrentLayer();
}

bool FilterView::isWeightTraceShown() const { return !traceBox_->isHidden(); }

int FilterView::shownChannel(const KernelBank& bank, int table) const {
    const bool sideBySide = bank.channels > 1 && bank.channels <= kMaxChannelsSideBySide;
    if (sideBySide && inputChannel() < 0) return table;
    if (bank.filtersOneChannel()) return 0;
    return std::clamp(inputChannel(), 0, bank.channels - 1);
}

void FilterView::showWeightTrace(int kernel, int channelTable, int row, int column) {
    const KernelBank* bank = currentBank();
    if (!bank || kernel < 0 || kernel >= bank->kernels || row < 0 || row >= bank->rows || column < 0 ||
        column >= bank->columns)
        return;
    const int channel = shownChannel(*bank, channelTable);
    const qsizetype element = bank->offset(kernel, channel) + qsizetype(row) * bank->columns + column;
    const QString title = tr("%1 · kernel %2%3 · row %4, column %5")
                              .arg(bank->layerName)
                              .arg(kernel + 1)
                              .arg(bank->channels > 1 ? tr(" · input channel %1").arg(channel + 1) : QString())
                              .arg(row + 1)
                              .arg(column + 1);
    trace_->showTrace(live_.history ? *live_.history : WeightHistory(), bank->key, std::size_t(element), title);
    const int copies = live_.history ? int(live_.history->size()) : 0;
    trace_->markCopy(historyBar_->position() < copies ? historyBar_->position() : -1);
    traceBox_->show();
}

void FilterView::rebuildLayerList() {
    QStringList names;
    for (const KernelBank& b : snapshot_.banks) names << b.layerName;
    QStringList shown;
    for (int i = 0; i < layer_->count(); ++i) shown << layer_->itemData(i).toString();
    if (names == shown) return;
    const QString keep = layer_->currentData().toString();
    const QSignalBlocker block(layer_);
    layer_->clear();
    for (const KernelBank& b : snapshot_.banks)
        layer_->addItem(tr("%1 · %2 · %3 kernels %4×%5×%6")
                            .arg(b.layerName, b.layerType)
                            .arg(b.kernels)
                            .arg(b.rows)
                            .arg(b.columns)
                            .arg(b.channels),
                        b.layerName);
    const int i = layer_->findData(keep);
    layer_->setCurrentIndex(i >= 0 ? i : 0);
}

void FilterView::ensureCells(int count) {
    if (cells_.size() == count) return;
    while (cells_.size() > count) delete cells_.takeLast();
    while (cells_.size() < count) {
        auto* cell = new KernelCell(grid_);
        connect(cell, &KernelCell::weightClicked, this, [this, kernel = int(cells_.size())](int table, int row, int column) {
            showWeightTrace(kernel, table, row, column);
        });
        cells_.push_back(cell);
    }
    columns_ = 0;  // force a new layout
    relayout();
}

void FilterView::relayout() {
    const int cellWidth = cells_.isEmpty() ? 100 : cells_.front()->sizeHint().width();
    const int available = scroll_->viewport()->width() - 24;
    const int fit = std::max(1, (available + kCellGap) / (cellWidth + kCellGap));
    // As few rows as the width allows, then as few columns as those rows
    // need: 16 kernels in a 5-wide space become 4 × 4, not 5+5+5+1.
    const int n = std::max(1, int(cells_.size()));
    const int rows = (n + fit - 1) / fit;
    const int columns = (n + rows - 1) / rows;
    if (columns == columns_) return;
    columns_ = columns;
    for (KernelCell* c : cells_) gridLayout_->removeWidget(c);
    for (int i = 0; i < cells_.size(); ++i) {
        gridLayout_->addWidget(cells_[i], i / columns, i % columns);
        cells_[i]->show();
    }
}

void FilterView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // A run may have ended (or other weights been loaded) while the tab was
    // hidden: what it shows, and what an export writes, must be the weights now.
    requestLive();
}

bool FilterView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == scroll_->viewport() && event->type() == QEvent::Resize) relayout();
    return QWidget::eventFilter(watched, event);
}

void FilterView::showCurrentLayer() {
    const KernelBank* bank = currentBank();
    empty_->setVisible(!bank);
    colourBar_->setVisible(bank);
    if (!bank) {
        heading_->clear();
        ensureCells(0);
        rgb_->setVisible(false);
        channel_->setVisible(false);
        channelLabel_->setVisible(false);
        return;
    }
    // A few input channels (R, G, B) fit side by side; a deep layer's 64 are chosen one at a time.
    const bool sideBySide = bank->channels > 1 && bank->channels <= kMaxChannelsSideBySide;
    {
        const QSignalBlocker block(channel_);
        channel_->setRange(sideBySide ? 0 : 1, std::max(1, bank->channels));
        channel_->setSpecialValueText(sideBySide ? tr("all") : QString());
        if (sideBySide && !channelChosen_) channel_->setValue(0);
    }
    const bool choosable = bank->channels > 1;
    channel_->setVisible(choosable);
    channelLabel_->setVisible(choosable);
    const bool all = sideBySide && inputChannel() < 0;
    const int c = shownChannel(*bank, 0);
    const bool colour = hasColourView(*bank);
    static const char* const kChannelNames[] = {"R", "G", "B"};
    QStringList channelLabels;
    QList<QColor> channelColours;
    if (all)
        for (int i = 0; i < bank->channels; ++i) {
            channelLabels << (colour ? QString::fromLatin1(kChannelNames[i]) : tr("channel %1").arg(i + 1));
            if (colour) channelColours << QColor(i == 0 ? 200 : 0, i == 1 ? 140 : 0, i == 2 ? 220 : 0);
        }
    const bool perKernel = scaleMode_->currentIndex() == 1;
    const double layerScale = maxAbs(bank->values.constData(), bank->values.size());
    const int decimals = decimalsForScale(layerScale);

    ensureCells(bank->kernels);
    const qsizetype slice = qsizetype(bank->rows) * bank->columns;
    for (int k = 0; k < bank->kernels; ++k) {
        KernelCell* cell = cells_[k];
        cell->setChannels(all ? channelLabels : QStringList{QString()}, channelColours);
        cell->setCaption(bank->filtersOneChannel()
                             ? tr("channel %1 · filter %2").arg(bank->sourceChannel(k) + 1).arg(k % bank->kernelsPerGroup() + 1)
                             : tr("kernel %1").arg(k + 1));
        // Per kernel: one scale over all of its channels, so R, G and B compare.
        const QVector<float> whole = bank->values.mid(bank->offset(k, 0), slice * bank->channels);
        const double kernelScale = perKernel ? maxAbs(whole.constData(), whole.size()) : layerScale;
        for (int t = 0; t < cell->channelCount(); ++t) {
            const int channel = shownChannel(*bank, t);
            cell->model(t)->setKernel(bank->values.mid(bank->offset(k, channel), slice), bank->rows, bank->columns);
            cell->model(t)->setScale(kernelScale > 0 ? kernelScale : 1, decimals);
            cell->table(t)->updateGeometry();
        }
    }
    if (const int tables = channelTables(); tables != tablesShown_) {
        tablesShown_ = tables;
        columns_ = 0;  // the cells changed width: lay them out again
        relayout();
    }
    if (perKernel) colourBar_->setPerKernel();
    else colourBar_->setShared(layerScale);

    images_->setVisible(colour);
    const bool showImages = colour && images_->isChecked();
    rgb_->setVisible(showImages);
    if (showImages) {
        QList<TileGrid::Tile> tiles;
        for (int k = 0; k < bank->kernels; ++k)
            tiles.push_back({kernelImage(*bank, k),
                             bank->filtersOneChannel() ? tr("%1 · %2").arg(k + 1).arg(kChannelNames[bank->sourceChannel(k)])
                                                 : QString::number(k + 1),
                             tr("kernel %1 as a picture (stretched to its own min..max)").arg(k + 1),
                             {}});
        rgb_->setTiles(tiles, QSize(64, 64));
    }

    heading_->setText(tr("<b>%1</b> (%2): %3 kernels of %4×%5%6 — weights %7; colour %8")
                          .arg(bank->layerName, bank->layerType)
                          .arg(bank->kernels)
                          .arg(bank->rows)
                          .arg(bank->columns)
                          .arg(bank->filtersOneChannel() ? tr(", one per input channel × %1").arg(bank->kernelsPerGroup())
                               : all ? tr(", its %1 input channels side by side").arg(bank->channels)
                               : bank->channels > 1 ? tr(", input channel %1 of %2").arg(c + 1).arg(bank->channels)
                                                    : QString())
                          .arg(snapshot_.caption.toHtmlEscaped())
                          .arg(perKernel ? tr("per kernel") : tr("shared, ±%1").arg(layerScale, 0, 'g', 3)));
}

QString FilterView::exportCsv(const QString& path) const {
    const KernelBank* bank = currentBank();
    if (!bank) return tr("There are no filters to export yet.");
    return saveKernelsCsv(*bank, snapshot_.caption, path);
}

QString FilterView::exportPng(const QString& path) const {
    if (!currentBank()) return tr("There are no filters to export yet.");
    // The whole sheet, including what is scrolled out of view (the scroll
    // area never makes it smaller than its contents).
    const QPixmap picture = sheet_->grab();
    return picture.save(path, "PNG") ? QString() : tr("Could not write %1.").arg(path);
}

void FilterView::chooseExport(const QString& kind) {
    const KernelBank* bank = currentBank();
    if (!bank) {
        banner_->showError(tr("There are no filters to export yet."));
        return;
    }
    const QString suggestion = QStringLiteral("filters-%1.%2").arg(bank->layerName, kind);
    QString path = QFileDialog::getSaveFileName(this, tr("Export filters"), suggestion,
                                                kind == QLatin1String("csv") ? tr("CSV table (*.csv)") : tr("PNG image (*.png)"));
    if (path.isEmpty()) return;
    if (!path.endsWith('.' + kind, Qt::CaseInsensitive)) path += '.' + kind;
    const QString error = kind == QLatin1String("csv") ? exportCsv(path) : exportPng(path);
    if (error.isEmpty()) banner_->dismiss();
    else banner_->showError(error);
}

}  // namespace cnnwb::ui
