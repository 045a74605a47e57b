// Training runs below the GUI's scheduling priority: the worker thread and
// every oneTBB thread that joins its work get nice +5 (Linux; elsewhere this
// does nothing). When all cores are busy training, the GUI thread, which
// needs a few milliseconds now and then, is then served first, and training
// loses next to nothing because the GUI is idle most of the time.
// (Priority cannot be raised back without privileges, so pool threads keep
// it; in the app only training uses the pool.)
#pragma once

#include <memory>

namespace cnnwb::ui {

inline constexpr int kTrainingNice = 5;

// Lowers the calling thread's priority to kTrainingNice (once per thread).
void lowerCurrentThreadPriority();

// While alive, lowers each oneTBB worker as it joins the arena of the thread
// that created this object. (oneTBB stays out of this header: its
// profiling header declares emit(), which Qt defines as a macro.)
class TrainingThreadPriority {
public:
    TrainingThreadPriority();
    ~TrainingThreadPriority();

private:
    struct Observer;
    std::unique_ptr<Observer> observer_;
};

}  // namespace cnnwb::ui
