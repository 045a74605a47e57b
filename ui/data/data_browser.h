// The "Data" tab: a grid of training, validation or test images (9×9 by
// default, like E3's first figure) with their labels; filter by class, page
// through, and see which subset and cap the experiment uses. The data are
// loaded in the background exactly as a run would prepare them.
#pragma once

#include "engine/model_spec.h"
#include "engine/training_data.h"
#include "ui/training/inspection.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace cnnwb::ui {

class AugmentationPreview;
class DataFetchBar;
class DatasetLoader;
class MessageBanner;
class TileGrid;

class DataBrowser : public QWidget {
    Q_OBJECT
public:
    explicit DataBrowser(QWidget* parent = nullptr);

    void setDataDirectory(const QString& directory);
    // Loads (in the background) the data these settings describe; a newer
    // call replaces an older one still loading.
    void setDataSettings(const DataSettings& settings);
    // Shows data already loaded.
    void setData(std::shared_ptr<const TrainingData> data, const DataSettings& settings);
    bool isLoading() const;

    void setGridSize(int columns, int rows);
    void setPart(DataPart part);
    void setClassFilter(int label);  // -1: all classes
    void setPage(int page);          // 0-based

    DataPart part() const;
    int classFilter() const;
    int page() const;
    int pageCount() const;
    // Indices (into the chosen set) of the images on the current page.
    const QVector<qsizetype>& shownIndices() const { return shown_; }
    // Images of the chosen set that pass the class filter.
    qsizetype matchingCount() const { return matching_.size(); }
    TileGrid* grid() const { return grid_; }
    AugmentationPreview* augmentationPreview() const { return preview_; }
    // Under a "not found" message: Download and Choose folder….
    DataFetchBar* fetchBar() const { return fetchBar_; }
    // Loads the last settings asked for again (after the data folder changed or a download).
    void reload();
    // The image (index into the chosen set) the augmentation preview shows.
    void previewImage(qsizetype index);
    QString summaryText() const;

signals:
    // An image was clicked (e.g. to inspect it in the feature-map view).
    void imageActivated(cnnwb::ui::DataPart part, int index);
    void dataLoaded();
    // "Choose folder…" under a missing-data message: the folder to read built-in data sets from.
    void dataFolderChosen(const QString& folder);

private:
    const Dataset* currentSet() const;
    void refilter();
    void showPage();
    void rebuildPartList();

    DatasetLoader* loader_;
    std::shared_ptr<const TrainingData> data_;
    DataSettings settings_;
    QComboBox* part_;
    QComboBox* class_;
    QSpinBox* page_;
    QLabel* pages_;
    QPushButton* previous_;
    QPushButton* next_;
    QLabel* summary_;
    MessageBanner* banner_;
    TileGrid* grid_;
    AugmentationPreview* preview_;
    DataFetchBar* fetchBar_;
    std::optional<DataSettings> requested_;
    int columns_ = 9;
    int rows_ = 9;
    QVector<qsizetype> matching_;
    QVector<qsizetype> shown_;
};

}  // namespace cnnwb::ui
