#include "dataset_loader.h"

#include "ui/training/training_thread_priority.h"

#include "engine/cancellation.h"
#include "engine/data/data_locator.h"

#include <QThread>

namespace cnnwb::ui {

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) {}

DatasetLoader::~DatasetLoader() {
    for (const auto& cancel : cancels_) *cancel = true;  // loads end within a chunk of data
    for (QThread* t : threads_) t->wait();
    qDeleteAll(threads_);
}

void DatasetLoader::load(const DataSettings& settings) {
    const quint64 generation = ++generation_;
    const std::string directory = dataDirectory_.toStdString();
    // A newer request supersedes the loads still running: they stop reading.
    for (const auto& cancel : cancels_) *cancel = true;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    // The destructor joins every thread, so `this` outlives the thread; the
    // queued result is dropped by Qt if the loader is gone by then.
    QThread* thread = QThread::create([this, settings, directory, generation, cancel] {
        lowerCurrentThreadPriority();  // decompressing MNIST must not make the window stutter
        std::shared_ptr<const TrainingData> data;
        QString error, missing;
        CancellationScope cancellable([cancel] { return cancel->load(); });
        try {
            data = std::make_shared<const TrainingData>(prepareTrainingData(settings, directory));
        } catch (const Cancelled&) {
            // superseded or closing: the result below is dropped anyway
        } catch (const MissingDataError& e) {
            error = QObject::tr("The data could not be loaded: %1").arg(QString::fromStdString(e.what()));
            missing = QString::fromStdString(e.datasetId());
        } catch (const std::exception& e) {
            error = QObject::tr("The data could not be loaded: %1").arg(QString::fromStdString(e.what()));
        }
        // Back on the GUI thread; results of a superseded request are dropped.
        QMetaObject::invokeMethod(this, [this, data, error, missing, settings, generation] {
            --running_;
            if (generation != generation_) return;
            if (data) emit loaded(data, settings);
            else emit failed(error, missing);
        }, Qt::QueuedConnection);
    });
    ++running_;
    threads_.push_back(thread);
    cancels_.push_back(cancel);
    connect(thread, &QThread::finished, this, [this, thread, cancel] {
        threads_.removeOne(thread);
        cancels_.removeOne(cancel);
        thread->deleteLater();
    });
    thread->start();
}

}  // namespace cnnwb::ui
