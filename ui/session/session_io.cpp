#include "session_io.h"

#include "engine/errors.h"
#include "ui/document/layer_list_model.h"

#include <QFile>
#include <QFileInfo>

#include <filesystem>

namespace cnnwb::ui {

namespace {

std::filesystem::path toPath(const QString& path) { return std::filesystem::path(QFile::encodeName(path).toStdString()); }

}  // namespace

Session sessionFromDocument(const ExperimentDocument& document) {
    Session s = document.record();
    try {
        s.spec = ModelSpec::fromJson(document.specJson(), document.displayName().toStdString());
    } catch (const SpecError&) {
        // A model with an error is kept as a draft beside the last valid spec
        // (the record's), so saving and autosaving never lose an edit.
        s.draft = document.specJson();
        return s;
    }
    s.draft = Json();
    // Before any training the seed to remember is the one the spec will train with.
    if (!s.hasTraining()) s.seed = s.spec.training.seed;
    if (!document.record().weightsFit(s.spec.layers)) {
        if (!s.weights.empty()) s.status = run_status::kEdited;  // keep the history, not weights of another model
        s.weights.clear();
        s.optimizerState = Json::object();
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

void loadSessionInto(ExperimentDocument& document, Session session, const QString& path) {
    ExperimentSettings settings = session.spec.settings();
    Json layers = session.spec.layers;
    if (session.draft.is_object()) {
        // The model as it was left, error and all; its settings when they read, else the last valid ones.
        if (session.draft.contains("layers")) layers = session.draft["layers"];
        try {
            LayerArgs args(session.draft, "draft");
            settings = ExperimentSettings::read(args, session.draft, "draft");
        } catch (const std::exception&) {
        }
    }
    const RunOrigin origin = !session.run.id.empty()
                                 ? RunOrigin{"run", session.run.id}
                                 : RunOrigin{"file", QFileInfo(path).fileName().toStdString()};
    document.load(settings, layers, std::move(session), path, origin);
}

void loadSpecInto(ExperimentDocument& document, const ModelSpec& spec, const RunOrigin& origin) {
    document.load(spec.settings(), spec.layers, untrainedSession(spec), QString(), origin);
}

}  // namespace cnnwb::ui
