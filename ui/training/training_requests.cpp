#include "training_requests.h"

namespace cnnwb::ui {

void TrainingRequests::requestInspection(const InspectionRequest& request) {
    std::lock_guard lock(mutex_);
    inspection_ = request;
}

std::optional<InspectionRequest> TrainingRequests::takeInspectionRequest() {
    std::lock_guard lock(mutex_);
    return std::exchange(inspection_, std::nullopt);
}

void TrainingRequests::requestEvaluation(DataPart part) {
    std::lock_guard lock(mutex_);
    evaluation_ = part;
}

std::optional<DataPart> TrainingRequests::takeEvaluationRequest() {
    std::lock_guard lock(mutex_);
    return std::exchange(evaluation_, std::nullopt);
}

void TrainingRequests::requestExplanation(const ExplanationRequest& request) {
    std::lock_guard lock(mutex_);
    explanation_ = request;
}

std::optional<ExplanationRequest> TrainingRequests::takeExplanationRequest() {
    std::lock_guard lock(mutex_);
    return std::exchange(explanation_, std::nullopt);
}

void TrainingRequests::requestAttribution(const AttributionRequest& request) {
    std::lock_guard lock(mutex_);
    attribution_ = request;
}

std::optional<AttributionRequest> TrainingRequests::takeAttributionRequest() {
    std::lock_guard lock(mutex_);
    return std::exchange(attribution_, std::nullopt);
}

void TrainingRequests::requestDrawnInspection(const QByteArray& pixels) {
    std::lock_guard lock(mutex_);
    drawn_ = pixels;
}

std::optional<QByteArray> TrainingRequests::takeDrawnInspectionRequest() {
    std::lock_guard lock(mutex_);
    return std::exchange(drawn_, std::nullopt);
}

void TrainingRequests::requestStrongestImages(const StrongestImagesRequest& request) {
    std::lock_guard lock(mutex_);
    strongest_ = request;
    strongestCancelled_ = false;
}

std::optional<StrongestImagesRequest> TrainingRequests::takeStrongestImagesRequest() {
    std::lock_guard lock(mutex_);
    return std::exchange(strongest_, std::nullopt);
}

}  // namespace cnnwb::ui
