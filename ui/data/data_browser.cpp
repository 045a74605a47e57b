#include "data_browser.h"

#include "augmentation_preview.h"
#include "data_settings_text.h"
#include "dataset_loader.h"
#include "ui/common/sample_image.h"
#include "ui/common/data_fetch_bar.h"
#include "ui/common/message_banner.h"
#include "ui/common/tile_grid.h"

#include "engine/layer.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {
QString thousands(qsizetype n) { return QString::fromStdString(withThousands(std::uint64_t(std::max<qsizetype>(0, n)))); }
constexpr int kImageSize = 56;  // an MNIST digit at 2×
}  // namespace

DataBrowser::DataBrowser(QWidget* parent)
    : QWidget(parent),
      loader_(new DatasetLoader(this)),
      part_(new QComboBox(this)),
      class_(new QComboBox(this)),
      page_(new QSpinBox(this)),
      pages_(new QLabel(this)),
      previous_(new QPushButton(tr("◀ Previous"), this)),
      next_(new QPushButton(tr("Next ▶"), this)),
      summary_(new QLabel(this)),
      banner_(new MessageBanner(this)),
      grid_(new TileGrid),
      preview_(new AugmentationPreview(this)),
      fetchBar_(new DataFetchBar(this)) {
    part_->setObjectName("dataPart");
    class_->setObjectName("dataClass");
    page_->setObjectName("dataPage");
    part_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    class_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    part_->setToolTip(tr("Which set to browse: as the run will see it, after subset, cap and split"));
    class_->setToolTip(tr("Show only images of one class"));
    page_->setPrefix(tr("Page "));
    page_->setMinimum(1);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setText(tr("No data loaded yet."));
    grid_->setColumns(columns_);

    auto* tools = new QHBoxLayout;
    tools->addWidget(new QLabel(tr("Set"), this));
    tools->addWidget(part_);
    tools->addWidget(new QLabel(tr("Class"), this));
    tools->addWidget(class_);
    tools->addSpacing(12);
    tools->addWidget(previous_);
    tools->addWidget(page_);
    tools->addWidget(pages_);
    tools->addWidget(next_);
    tools->addStretch(1);

    auto* scroll = new QScrollArea(this);
    auto* holder = new QWidget;
    auto* holderLayout = new QVBoxLayout(holder);
    holderLayout->addWidget(grid_, 0, Qt::AlignLeft | Qt::AlignTop);
    holderLayout->addStretch(1);
    scroll->setWidget(holder);
    scroll->setWidgetResizable(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(tools);
    layout->addWidget(summary_);
    layout->addWidget(banner_);
    layout->addWidget(fetchBar_);
    layout->addWidget(preview_);
    layout->addWidget(scroll, 1);

    connect(part_, &QComboBox::currentIndexChanged, this, [this] { refilter(); });
    connect(class_, &QComboBox::currentIndexChanged, this, [this] { refilter(); });
    connect(page_, &QSpinBox::valueChanged, this, [this] { showPage(); });
    connect(previous_, &QPushButton::clicked, this, [this] { setPage(page() - 1); });
    connect(next_, &QPushButton::clicked, this, [this] { setPage(page() + 1); });
    connect(grid_, &TileGrid::tileClicked, this, [this](int tile) {
        if (tile >= 0 && tile < shown_.size()) emit imageActivated(part(), int(shown_[tile]));
    });
    connect(grid_, &TileGrid::tileMenuRequested, this, [this](int tile, const QPoint& at) {
        if (tile < 0 || tile >= shown_.size()) return;
        const qsizetype index = shown_[tile];
        QMenu menu(this);
        menu.addAction(tr("Show augmented versions"), this, [this, index] { previewImage(index); });
        menu.addAction(tr("Inspect in Feature maps"), this, [this, index] { emit imageActivated(part(), int(index)); });
        menu.exec(at);
    });
    connect(loader_, &DatasetLoader::loaded, this, &DataBrowser::setData);
    connect(loader_, &DatasetLoader::failed, this, [this](const QString& message, const QString& missing) {
        summary_->setText(tr("No data loaded."));
        banner_->showError(message);
        if (!missing.isEmpty()) fetchBar_->offer(missing, loader_->dataDirectory());
    });
    connect(fetchBar_, &DataFetchBar::folderChosen, this, &DataBrowser::dataFolderChosen);
    connect(fetchBar_, &DataFetchBar::downloaded, this, [this] { reload(); });
    rebuildPartList();
    showPage();
}

void DataBrowser::setDataDirectory(const QString& directory) { loader_->setDataDirectory(directory); }

void DataBrowser::setDataSettings(const DataSettings& settings) {
    requested_ = settings;
    banner_->dismiss();
    fetchBar_->dismiss();
    preview_->setAugmentation(settings.augmentation);
    summary_->setText(tr("Loading %1 …").arg(dataSettingsText(settings)));
    loader_->load(settings);
}

void DataBrowser::reload() {
    if (requested_) setDataSettings(*requested_);
}

bool DataBrowser::isLoading() const { return loader_->isLoading(); }

void DataBrowser::setData(std::shared_ptr<const TrainingData> data, const DataSettings& settings) {
    data_ = std::move(data);
    settings_ = settings;
    banner_->dismiss();
    fetchBar_->dismiss();
    preview_->setAugmentation(settings.augmentation);
    const int keepClass = classFilter();
    {
        const QSignalBlocker block(class_);
        class_->clear();
        class_->addItem(tr("All classes"), -1);
        for (std::size_t i = 0; i < data_->train.classNames.size(); ++i)
            class_->addItem(QString::fromStdString(data_->train.classNames[i]), int(i));
        const int at = class_->findData(keepClass);
        class_->setCurrentIndex(at >= 0 ? at : 0);
    }
    rebuildPartList();
    refilter();
    emit dataLoaded();
}

void DataBrowser::rebuildPartList() {
    const QVariant keep = part_->currentData();
    const QSignalBlocker block(part_);
    part_->clear();
    part_->addItem(tr("Training images"), int(DataPart::Training));
    if (data_ && !data_->validation.empty()) part_->addItem(tr("Validation images"), int(DataPart::Validation));
    part_->addItem(tr("Test images"), int(DataPart::Test));
    const int at = part_->findData(keep);
    part_->setCurrentIndex(at >= 0 ? at : 0);
}

void DataBrowser::setGridSize(int columns, int rows) {
    columns_ = std::max(1, columns);
    rows_ = std::max(1, rows);
    grid_->setColumns(columns_);
    refilter();
}

void DataBrowser::setPart(DataPart part) {
    const int at = part_->findData(int(part));
    if (at >= 0) part_->setCurrentIndex(at);
}

void DataBrowser::setClassFilter(int label) {
    const int at = class_->findData(label);
    if (at >= 0) class_->setCurrentIndex(at);
}

void DataBrowser::setPage(int page) { page_->setValue(std::clamp(page, 0, pageCount() - 1) + 1); }

DataPart DataBrowser::part() const { return part_->currentData().isValid() ? DataPart(part_->currentData().toInt()) : DataPart::Training; }
int DataBrowser::classFilter() const { return class_->currentData().isValid() ? class_->currentData().toInt() : -1; }
int DataBrowser::page() const { return page_->value() - 1; }

int DataBrowser::pageCount() const {
    const qsizetype perPage = qsizetype(columns_) * rows_;
    return int(std::max<qsizetype>(1, (matching_.size() + perPage - 1) / perPage));
}

const Dataset* DataBrowser::currentSet() const { return data_ ? &datasetOf(*data_, part()) : nullptr; }

void DataBrowser::refilter() {
    matching_.clear();
    if (const Dataset* set = currentSet()) {
        const int wanted = classFilter();
        for (std::size_t i = 0; i < set->size(); ++i)
            if (wanted < 0 || set->labels[i] == wanted) matching_.push_back(qsizetype(i));
    }
    {
        const QSignalBlocker block(page_);
        page_->setRange(1, pageCount());
        page_->setValue(1);
    }
    showPage();
}

void DataBrowser::showPage() {
    shown_.clear();
    QList<TileGrid::Tile> tiles;
    const Dataset* set = currentSet();
    const qsizetype perPage = qsizetype(columns_) * rows_;
    const qsizetype first = qsizetype(page()) * perPage;
    if (set) {
        for (qsizetype i = first; i < std::min(matching_.size(), first + perPage); ++i) {
            const std::size_t index = std::size_t(matching_[i]);
            const QString name = QString::fromStdString(set->classNames[std::size_t(set->labels[index])]);
            shown_.push_back(qsizetype(index));
            tiles.push_back({sampleImage(*set, index), name,
                             tr("%1 image %2: %3").arg(dataPartText(part())).arg(index).arg(name), {}});
        }
    }
    grid_->setTiles(tiles, QSize(kImageSize, kImageSize));
    pages_->setText(tr("of %1").arg(pageCount()));
    // Without data there is nothing to page through or filter.
    for (QWidget* w : {static_cast<QWidget*>(part_), static_cast<QWidget*>(class_), static_cast<QWidget*>(page_)})
        w->setEnabled(set != nullptr);
    previous_->setEnabled(set && page() > 0);
    next_->setEnabled(set && page() + 1 < pageCount());
    summary_->setText(summaryText());
    if (!shown_.isEmpty()) previewImage(shown_.front());
    else preview_->clearImage();
}

void DataBrowser::previewImage(qsizetype index) {
    const Dataset* set = currentSet();
    if (!set || index < 0 || std::size_t(index) >= set->size()) return;
    const QString name = QString::fromStdString(set->classNames[std::size_t(set->labels[std::size_t(index)])]);
    preview_->setImage(set->samplePixels(std::size_t(index)), set->sampleShape,
                       tr("%1 image %2 (%3)").arg(dataPartText(part())).arg(index).arg(name));
}

QString DataBrowser::summaryText() const {
    const Dataset* set = currentSet();
    if (!set) return tr("No data loaded yet.");
    const qsizetype perPage = qsizetype(columns_) * rows_;
    const qsizetype first = qsizetype(page()) * perPage;
    QString shown = matching_.isEmpty()
                        ? tr("no images")
                        : tr("images %1–%2 of %3").arg(thousands(first + 1), thousands(first + shown_.size()), thousands(matching_.size()));
    if (classFilter() >= 0)
        shown += tr(" of class %1").arg(QString::fromStdString(set->classNames[std::size_t(classFilter())]));
    QString partName = dataPartText(part());
    partName[0] = partName[0].toUpper();
    return tr("%1 set (%2): %3 images (training %4, validation %5, test %6). Showing %7.\nSubset: %8")
        .arg(partName, QString::fromStdString(set->name))
        .arg(thousands(qsizetype(set->size())))
        .arg(thousands(qsizetype(data_->train.size())), thousands(qsizetype(data_->validation.size())),
             thousands(qsizetype(data_->test.size())))
        .arg(shown, dataSettingsText(settings_));
}

}  // namespace cnnwb::ui
