#include "lr_range_runner.h"

#include "ui/training/training_thread_priority.h"

#include "engine/cancellation.h"
#include "engine/errors.h"

#include <QThread>

namespace cnnwb::ui {

LrRangeRunner::LrRangeRunner(QObject* parent) : QObject(parent) {}

LrRangeRunner::~LrRangeRunner() {
    if (!thread_) return;
    *stop_ = true;
    thread_->wait();
    delete thread_;
}

bool LrRangeRunner::start(const ModelSpec& spec, const LrRangeTestOptions& options, const QString& dataDirectory) {
    if (thread_) return false;
    auto stop = std::make_shared<std::atomic<bool>>(false);
    stop_ = stop;
    const std::string directory = dataDirectory.toStdString();
    // The destructor joins the thread, so `this` outlives it; what it queues
    // after the runner is gone is dropped by Qt.
    thread_ = QThread::create([this, spec, options, directory, stop] {
        lowerCurrentThreadPriority();  // the window stays responsive while it trains
        auto toGui = [this](auto f) { QMetaObject::invokeMethod(this, f, Qt::QueuedConnection); };
        try {
            TrainingData data;
            {
                CancellationScope cancellable([stop] { return stop->load(); });
                data = prepareTrainingData(spec.data, directory);
            }
            const int images = int(data.train.size());
            toGui([this, images] { emit dataLoaded(images); });
            const LrRangeTest test = runLrRangeTest(spec, std::move(data), options,
                                                    [&](const LrRangePoint& point, int step, int steps) {
                                                        toGui([this, point, step, steps] { emit pointMeasured(point, step, steps); });
                                                        return !stop->load();
                                                    });
            toGui([this, test] {
                join();
                emit finished(test);
            });
        } catch (const Cancelled&) {
            LrRangeTest stopped;
            stopped.stoppedBecause = "stopped";
            toGui([this, stopped] {
                join();
                emit finished(stopped);
            });
        } catch (const std::exception& e) {
            const QString message = QString::fromStdString(e.what());
            toGui([this, message] {
                join();
                emit failed(message);
            });
        }
    });
    thread_->start();
    return true;
}

void LrRangeRunner::join() {
    // Called from the thread's last message: it is returning, if not gone already.
    thread_->wait();
    delete thread_;
    thread_ = nullptr;
}

void LrRangeRunner::stop() {
    if (stop_) *stop_ = true;
}

}  // namespace cnnwb::ui
