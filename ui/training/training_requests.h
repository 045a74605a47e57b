// What the GUI asks of the network the worker holds, between two batches or
// while idle: a copy of the kernels, an image run through the network, one
// of its values taken apart, why it got its class, a data part scored sample
// by sample, the images each filter responds to most, the session so far. The GUI thread sets a request and never waits; the worker
// takes each one once. (Stop and pause are the engine's TrainingControl.)
#pragma once

#include "explained_cell.h"
#include "image_attribution.h"
#include "inspection.h"
#include "strongest_images.h"

#include <atomic>
#include <mutex>
#include <optional>

namespace cnnwb::ui {

class TrainingRequests {
public:
    // GUI thread.
    void requestSnapshot() { snapshot_ = true; }
    void requestSession() { session_ = true; }
    void requestInspection(const InspectionRequest& request);  // replaces one still pending
    void requestEvaluation(DataPart part);                      // replaces one still pending
    void requestExplanation(const ExplanationRequest& request); // replaces one still pending
    void requestAttribution(const AttributionRequest& request); // replaces one still pending
    void requestDrawnInspection(const QByteArray& pixels);      // replaces one still pending
    void requestStrongestImages(const StrongestImagesRequest& request);  // replaces one still pending
    // Ends a scan for strongest images at its next batch (the part found so far is sent).
    void cancelStrongestImages() { strongestCancelled_ = true; }

    // Worker thread.
    bool takeSnapshotRequest() { return snapshot_.exchange(false); }
    bool takeSessionRequest() { return session_.exchange(false); }
    std::optional<InspectionRequest> takeInspectionRequest();
    std::optional<DataPart> takeEvaluationRequest();
    std::optional<ExplanationRequest> takeExplanationRequest();
    std::optional<AttributionRequest> takeAttributionRequest();
    std::optional<QByteArray> takeDrawnInspectionRequest();
    std::optional<StrongestImagesRequest> takeStrongestImagesRequest();
    bool strongestImagesCancelled() const { return strongestCancelled_; }

private:
    std::atomic<bool> snapshot_{false};
    std::atomic<bool> session_{false};
    std::atomic<bool> strongestCancelled_{false};
    std::mutex mutex_;
    std::optional<InspectionRequest> inspection_;  // guarded by mutex_
    std::optional<DataPart> evaluation_;           // guarded by mutex_
    std::optional<ExplanationRequest> explanation_;  // guarded by mutex_
    std::optional<AttributionRequest> attribution_;  // guarded by mutex_
    std::optional<QByteArray> drawn_;                // guarded by mutex_
    std::optional<StrongestImagesRequest> strongest_;  // guarded by mutex_
};

}  // namespace cnnwb::ui
