#include "training_thread_priority.h"

#include <tbb/task_scheduler_observer.h>

#ifdef __linux__
#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace cnnwb::ui {

void lowerCurrentThreadPriority() {
#ifdef __linux__
    thread_local bool lowered = false;
    if (lowered) return;
    lowered = true;
    // On Linux a thread id names one thread here, not the whole process.
    const id_t self = id_t(gettid());
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, self);
    if (errno == 0 && now < kTrainingNice) setpriority(PRIO_PROCESS, self, kTrainingNice);
#endif
}

struct TrainingThreadPriority::Observer : tbb::task_scheduler_observer {
    Observer() { observe(true); }
    ~Observer() override { observe(false); }
    void on_scheduler_entry(bool isWorker) override {
        if (isWorker) lowerCurrentThreadPriority();
    }
};

TrainingThreadPriority::TrainingThreadPriority() : observer_(std::make_unique<Observer>()) {}

TrainingThreadPriority::~TrainingThreadPriority() = default;

}  // namespace cnnwb::ui
