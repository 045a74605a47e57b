// Runs the learning-rate range test (engine/lr_range_test.h) on a thread of
// its own — loading the data first, as a run would — and hands each point to
// the GUI thread as it is measured, then the result. One test at a time;
// stop() ends it within a batch (or within a chunk of data while loading).
#pragma once

#include "engine/lr_range_test.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace cnnwb::ui {

class LrRangeRunner : public QObject {
    Q_OBJECT
public:
    explicit LrRangeRunner(QObject* parent = nullptr);
    ~LrRangeRunner() override;  // stops the test and waits for its thread

    // `dataDirectory`: as the training controller's (empty: the search order).
    // False when a test is running already.
    bool start(const ModelSpec& spec, const LrRangeTestOptions& options, const QString& dataDirectory = {});
    void stop();
    bool isRunning() const { return thread_ != nullptr; }

signals:
    void dataLoaded(int trainingImages);
    void pointMeasured(const cnnwb::LrRangePoint& point, int step, int steps);
    // The test ended: all rates tried, the loss diverged, or stopped (test.stoppedBecause says which).
    void finished(const cnnwb::LrRangeTest& test);
    void failed(const QString& message);

private:
    void join();

    QThread* thread_ = nullptr;
    std::shared_ptr<std::atomic<bool>> stop_;
};

}  // namespace cnnwb::ui
