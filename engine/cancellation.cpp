#include "cancellation.h"

#include <utility>

namespace cnnwb {

namespace {
thread_local const CancellationScope* currentScope = nullptr;
}

CancellationScope::CancellationScope(std::function<bool()> cancelled)
    : cancelled_(std::move(cancelled)), outer_(currentScope) {
    currentScope = this;
}

CancellationScope::~CancellationScope() { currentScope = outer_; }

void throwIfCancelled() {
    if (currentScope && currentScope->cancelled_ && currentScope->cancelled_()) throw Cancelled();
}

}  // namespace cnnwb
