#include "sweep_runner.h"

#include "ui/training/training_controller.h"

#include <set>

namespace cnnwb::ui {

SweepRunner::SweepRunner(TrainingController* controller, QObject* parent) : QObject(parent), controller_(controller) {
    connect(controller_->events(), &TrainingEvents::runEnded, this,
            [this](TrainingState end, const QString&) { runEnded(end); });
}

bool SweepRunner::start(const SweepPlan& plan, const QString& library, const RunOrigin& parent,
                        const ModelSpec& parentSpec, const TrainerOptions& options) {
    if (running_ || controller_->isBusy()) return false;
    plan_ = plan;
    library_ = library;
    parent_ = parent;
    parentSpec_ = parentSpec;
    options_ = options;
    queue_.clear();
    total_ = int(plan.points.size());
    done_ = skipped_ = ran_ = 0;
    cancelled_ = false;
    std::set<std::string> finished;
    try {
        for (const RunRow& r : RunLibrary(library.toStdString()).list())
            if (r.status == run_status::kFinished && !r.sweep.empty()) finished.insert(r.sweep);
    } catch (const std::exception&) {
        // An unreadable library: every point runs (and recording will say what is wrong).
    }
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
        if (finished.count(plan.points[i].key)) {
            ++skipped_;
            ++done_;
        } else {
            queue_.push_back(i);
        }
    }
    running_ = true;
    clock_.start();
    next();
    return true;
}

void SweepRunner::cancel() {
    if (!running_) return;
    cancelled_ = true;
    queue_.clear();
    if (ownRun_ && controller_->isBusy()) controller_->stop();
    else next();
}

double SweepRunner::secondsLeft() const {
    if (ran_ == 0) return -1;
    // The run in progress counts as one more to go: an estimate, said as one.
    return double(clock_.elapsed()) / 1000.0 / ran_ * double(queue_.size() + (ownRun_ ? 1 : 0));
}

void SweepRunner::next() {
    if (queue_.empty()) {
        running_ = false;
        ownRun_ = false;
        current_.clear();
        emit progressed();
        emit finished(cancelled_);
        return;
    }
    const SweepPoint& point = plan_.points[queue_.front()];
    queue_.pop_front();
    RunRequest request;
    request.spec = point.spec;
    request.options = options_;
    request.runLibrary = library_.toStdString();
    request.meta = runMetaFrom(parent_, parentSpec_, point.spec);
    request.meta.sweep = point.key;
    current_ = QString::fromStdString(point.label);
    ownRun_ = controller_->start(std::move(request));
    emit progressed();
    if (!ownRun_) {
        // The controller was taken by someone else: the sweep cannot go on.
        cancelled_ = true;
        queue_.clear();
        next();
    }
}

void SweepRunner::runEnded(TrainingState end) {
    if (!running_ || !ownRun_) return;
    ownRun_ = false;
    ++ran_;
    if (end == TrainingState::Finished) ++done_;
    if (end == TrainingState::Stopped) cancelled_ = true, queue_.clear();
    // The next run starts once this one's reports are all delivered.
    QMetaObject::invokeMethod(this, &SweepRunner::next, Qt::QueuedConnection);
}

}  // namespace cnnwb::ui
