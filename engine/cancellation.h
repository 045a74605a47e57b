// Lets another thread abandon a long load (reading and decompressing a data
// set, decoding an image folder) without passing a flag through every reader:
// whoever starts the load opens a CancellationScope on its thread, and the
// readers call throwIfCancelled() between chunks — interruption points, as in
// Boost.Thread. A cancelled load ends with Cancelled, which is not an error:
// the person asked for it (closing the window, a newer request).
//
//   std::atomic<bool> stop{false};            // set by the GUI thread
//   CancellationScope scope([&] { return stop.load(); });
//   TrainingData data = prepareTrainingData(settings);   // throws Cancelled once stop is set
#pragma once

#include <functional>
#include <stdexcept>

namespace cnnwb {

class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

class CancellationScope {
public:
    // `cancelled` is asked at every interruption point on this thread while
    // the scope lives; it must be cheap and safe to call from this thread.
    explicit CancellationScope(std::function<bool()> cancelled);
    ~CancellationScope();  // the enclosing scope (if any) applies again
    CancellationScope(const CancellationScope&) = delete;
    CancellationScope& operator=(const CancellationScope&) = delete;

private:
    std::function<bool()> cancelled_;
    const CancellationScope* outer_;

    friend void throwIfCancelled();
};

// An interruption point: throws Cancelled when the innermost scope of this
// thread says so; does nothing outside any scope.
void throwIfCancelled();

}  // namespace cnnwb
