#include "commands.h"

#include "engine/errors.h"
#include "engine/layer_registry.h"
#include "engine/presets.h"
#include "engine/summary.h"

#include <QCommandLineParser>

#include <cstdio>
#include <iostream>

namespace cnnwb::cli {

int summary(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription("Print a model's layers, output shapes and parameter counts.");
    p.addPositionalArgument("SPEC_OR_PRESET", "A preset id (see `cnnwb presets`) or a model spec file (.json).");
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
        const ModelSpec spec = loadSpecOrPreset(p.positionalArguments()[0].toStdString());
        const Network net = spec.buildNetwork();
        if (p.isSet("json"))
            std::cout << summaryJson(spec, net).dump(2) << "\n";
        else
            std::cout << summaryTable(spec, net);
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
