// Loads the data sets a spec's data settings describe (class subset,
// per-class cap, validation split, exactly as training will see them) on a
// background thread, and hands the result to the GUI thread as a shared,
// read-only value. One load at a time; a newer request supersedes an older one.
#pragma once

#include "engine/model_spec.h"
#include "engine/training_data.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace cnnwb::ui {

class DatasetLoader : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override;  // cancels the loads in progress and waits for them to stop

    void setDataDirectory(const QString& directory) { dataDirectory_ = directory; }
    QString dataDirectory() const { return dataDirectory_; }
    void load(const DataSettings& settings);
    bool isLoading() const { return running_ > 0; }

signals:
    void loaded(std::shared_ptr<const cnnwb::TrainingData> data, const cnnwb::DataSettings& settings);
    // `missingDataset`: the built-in data set ("mnist", "cifar10") whose files
    // were not found, to offer a download; empty for other failures.
    void failed(const QString& message, const QString& missingDataset);

private:
    QString dataDirectory_;
    quint64 generation_ = 0;
    int running_ = 0;
    QList<QThread*> threads_;
    QList<std::shared_ptr<std::atomic<bool>>> cancels_;  // one per running thread
};

}  // namespace cnnwb::ui
