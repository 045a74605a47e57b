#include "session_io.h"

#include "engine/errors.h"
#include "ui/builder/layer_list_model.h"

#include <QFile>

#include <filesystem>

namespace cnnwb::ui {

namespace {

std::filesystem::path toPath(const QString& path) { return std::filesystem::path(QFile::encodeName(path).toStdString()); }

}  // namespace

Session sessionFromDocument(const ExperimentDocument& document) {
    Session s;
    s.spec = ModelSpec::fromJson(document.specJson(), document.displayName().toStdString());
    const TrainingRecord& r = document.record();
    // Before any training the seed to remember is the one the spec will train with.
    s.seed = r.hasTraining() ? r.seed : s.spec.training.seed;
    s.history = r.history;
    s.engineVersion = r.engineVersion;
    s.status = r.status.empty() ? "new" : r.status;
    if (r.weightsFit(document.layers()->layers())) {
        s.weights = r.weights;
        s.optimizerState = r.optimizerState;
    } else if (!r.weights.empty()) {
        // The layers were edited after training: keep the history, not weights of another model.
        s.status = "edited after training";
    }
    return s;
}

void writeSession(const ExperimentDocument& document, const QString& path) {
    saveSession(sessionFromDocument(document), toPath(path));
}

Session readSession(const QString& path) {
    try {
        return loadSession(toPath(path));
    } catch (const SpecError&) {
        throw;
    } catch (const std::exception& e) {
        // Filesystem and allocation failures on odd files: still a message, never a crash.
        throw SpecError(path.toStdString() + ": cannot be read (" + e.what() + ")");
    }
}

TrainingRecord recordFromSession(Session session, Json trainedLayers) {
    TrainingRecord r;
    r.seed = session.seed;
    r.history = std::move(session.history);
    r.weights = std::move(session.weights);
    r.optimizerState = std::move(session.optimizerState);
    r.engineVersion = std::move(session.engineVersion);
    r.status = std::move(session.status);
    r.trainedLayers = std::move(trainedLayers);
    return r;
}

void loadSessionInto(ExperimentDocument& document, Session session, const QString& path) {
    Json spec = session.spec.toJson();
    TrainingRecord r = recordFromSession(std::move(session), spec["layers"]);
    document.load(spec, std::move(r), path);
}

void loadSpecInto(ExperimentDocument& document, const ModelSpec& spec) {
    TrainingRecord r;
    r.seed = spec.training.seed;
    document.load(spec.toJson(), std::move(r), QString());
}

}  // namespace cnnwb::ui
