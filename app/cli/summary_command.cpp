#include "commands.h"
#include "path_argument.h"

#include "engine/errors.h"
#include "engine/layer_registry.h"
#include "engine/presets.h"
#include "engine/session_file.h"
#include "engine/summary.h"

#include <QCommandLineParser>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

namespace cnnwb::cli {

namespace {

std::size_t weightCount(const Session& s) {
    std::size_t n = 0;
    for (const auto& [key, values] : s.weights) n += values.size();
    return n;
}

Json sessionJson(const Session& s) {
    Json j = {{"status", s.status}, {"epochs_done", s.history.epochs.size()}, {"epochs_planned", s.spec.training.epochs},
              {"seed", s.seed}, {"engine_version", s.engineVersion}, {"machine", s.machine},
              {"weight_tensors", s.weights.size()}, {"weights", weightCount(s)}, {"run_id", s.run.id},
              {"has_draft", !s.draft.is_null()}};
    if (!s.history.epochs.empty() && s.history.epochs.back().test) j["test_accuracy"] = s.history.epochs.back().test->accuracy;
    return j;
}

std::string sessionText(const Session& s) {
    std::string text = "Session: " + s.status + ", " + std::to_string(s.history.epochs.size()) + " of " +
                       std::to_string(s.spec.training.epochs) + " epochs, seed " + std::to_string(s.seed) + ", " +
                       std::to_string(s.weights.size()) + " weight tensors (" + withThousands(weightCount(s)) +
                       " values)";
    if (!s.run.id.empty()) text += ", run " + s.run.id;
    if (!s.engineVersion.empty()) text += "\nWritten by CNN Workbench " + s.engineVersion;
    if (!s.machine.empty()) text += " on " + s.machine;
    if (!s.draft.is_null()) text += "\nHolds a draft: the model was saved with an error; the summary below is its last valid version";
    return text + "\n";
}

}  // namespace

int summary(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription("Print a model's layers, output shapes and parameter counts; for a session file, "
                                "also what it holds (status, epochs, weights), after reading it whole.");
    p.addPositionalArgument("SOURCE", "A preset id (see `cnnwb presets`), a model spec file (.json) or a session (.cnnwb).");
    p.addOption({"json", "Print one JSON object instead of a table."});
    p.addHelpOption();
    if (!p.parse(args)) {
        std::cerr << "cnnwb summary: " << p.errorText().toStdString() << "\n";
        return 2;
    }
    if (p.isSet("help")) {
        std::cout << p.helpText().toStdString();
        return 0;
    }
    if (p.positionalArguments().size() != 1) {
        std::cerr << "cnnwb summary: give exactly one preset id or spec file, e.g. `cnnwb summary e1-lenet1988`\n";
        return 2;
    }
    try {
        const std::filesystem::path what = pathArgument(p.positionalArguments()[0]);
        // A session file: read whole (weights included), so a damaged one is reported here.
        std::optional<Session> session;
        if (what.extension() == ".cnnwb") session = loadSession(what);
        const ModelSpec spec = session ? session->spec : loadSpecOrPreset(what);
        const Network net = spec.buildNetwork();
        if (p.isSet("json")) {
            Json j = summaryJson(spec, net);
            if (session) j["session"] = sessionJson(*session);
            std::cout << j.dump(2) << "\n";
        } else {
            if (session) std::cout << sessionText(*session) << "\n";
            std::cout << summaryTable(spec, net);
        }
        return 0;
    } catch (const SpecError& e) {
        std::cerr << "cnnwb summary: " << e.what() << "\n";
        return 1;
    }
}

int presets(const QStringList& args) {
    if (args.size() > 1) {
        std::cerr << "cnnwb presets: takes no arguments\n";
        return 2;
    }
    for (const std::string& id : presetIds()) {
        try {
            const ModelSpec s = loadPreset(id);
            std::string reported;
            if (s.reported) reported = "  [reported " + s.reported->metric + " " + std::to_string(s.reported->value).substr(0, 6) + "]";
            std::printf("%-18s %s%s\n", id.c_str(), s.name.c_str(), reported.c_str());
        } catch (const SpecError& e) {
            std::printf("%-18s (cannot be loaded: %s)\n", id.c_str(), e.what());
        }
    }
    return 0;
}

int layers(const QStringList&) {
    for (const auto& t : layerTypes()) std::printf("%-20s %s\n", t.name.c_str(), t.description.c_str());
    return 0;
}

}  // namespace cnnwb::cli
