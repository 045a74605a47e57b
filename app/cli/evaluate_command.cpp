// `cnnwb evaluate RUN`: scores a trained run (a run of the library or a
// session file) on its test set, or its validation or training set; with
// --confusion also the confusion matrix, per-class precision, recall and F1
// and the mistakes the model was surest of (engine/evaluation.h).
#include "commands.h"
#include "data_option.h"
#include "path_argument.h"
#include "run_source.h"

#include "engine/errors.h"
#include "engine/evaluation.h"
#include "engine/runs/run_library.h"
#include "engine/session_file.h"
#include "engine/trainer.h"

#include <QCommandLineParser>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace cnnwb::cli {

namespace {

// A class name as a column heading: at most 10 characters.
std::string heading(const std::string& name) { return name.size() <= 10 ? name : name.substr(0, 9) + "~"; }

void printConfusion(const Evaluation& e) {
    const auto matrix = e.confusion();
    int width = 6;
    for (const std::string& n : e.classNames) width = std::max(width, int(heading(n).size()) + 2);
    std::printf("\nconfusion matrix (rows: true class, columns: predicted class)\n%-12s", "true\\pred");
    for (const std::string& n : e.classNames) std::printf("%*s", width, heading(n).c_str());
    std::printf("\n");
    for (int t = 0; t < e.classes(); ++t) {
        std::printf("%-12s", heading(e.classNames[std::size_t(t)]).c_str());
        for (std::size_t count : matrix[std::size_t(t)]) std::printf("%*zu", width, count);
        std::printf("\n");
    }
    std::printf("\n%-12s %9s %9s %9s %9s %9s\n", "class", "precision", "recall", "f1", "support", "predicted");
    for (int c = 0; c < e.classes(); ++c) {
        const ClassMetrics m = e.classMetrics(c);
        std::printf("%-12s %9.4f %9.4f %9.4f %9zu %9zu\n", heading(e.classNames[std::size_t(c)]).c_str(), m.precision,
                    m.recall, m.f1, m.support, m.predicted);
    }
    std::printf("macro F1 %.4f\n", e.macroF1());
}

void printMistakes(const Evaluation& e, std::size_t count) {
    const std::vector<std::size_t> wrong = e.mistakes();
    if (wrong.empty()) {
        std::printf("\nno mistakes\n");
        return;
    }
    count = std::min(count, wrong.size());
    std::printf("\nthe %zu surest mistakes of %zu (%s of the predicted class):\n%7s  %-10s %-10s %10s  %s\n", count,
                wrong.size(), e.probabilities ? "probability" : "output", "image", "true", "predicted", "confidence",
                "top 3");
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t s = wrong[i];
        std::string top;
        for (int c : e.topClasses(s, 3)) {
            char cell[64];
            std::snprintf(cell, sizeof cell, "%s%s %.3f", top.empty() ? "" : ", ", heading(e.classNames[std::size_t(c)]).c_str(),
                          double(e.scoresOf(s)[c]));
            top += cell;
        }
        std::printf("%7zu  %-10s %-10s %10.4f  %s\n", s, heading(e.classNames[std::size_t(e.labels[s])]).c_str(),
                    heading(e.classNames[std::size_t(e.predicted[s])]).c_str(), double(e.confidence(s)), top.c_str());
    }
}

}  // namespace

int evaluate(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "Score a trained run on its test set (or --part validation|training): accuracy and loss; with --confusion\n"
        "also the confusion matrix, per-class precision, recall and F1, and the mistakes the model was surest of.\n"
        "RUN is a run of the library (its id or a unique start of it) or a session file (.cnnwb).\n\n"
        "  cnnwb evaluate 20261202-0930 --confusion\n"
        "  cnnwb evaluate trained.cnnwb --confusion --mistakes 50 --json");
    p.addPositionalArgument("RUN", "The trained run (see above).");
    p.addOptions({{"confusion", "Also print the confusion matrix, per-class metrics and the surest mistakes."},
                  {"mistakes", "How many of the surest mistakes to list with --confusion (default 10).", "N"},
                  {"part", "Which data to score: test (default), validation or training.", "PART"},
                  {"data", "Folder with the data sets, the only place looked at.", "DIR"},
                  {"data-folder", "Score on this image folder instead of the run's data (same classes).", "DIR"},
                  {"runs", "The run library (default: $CNNWB_RUNS, then the user data folder).", "DIR"},
                  {"json", "Print one JSON object."}});
    p.addHelpOption();
    if (!p.parse(args)) {
        std::cerr << "cnnwb evaluate: " << p.errorText().toStdString() << "\n";
        return 2;
    }
    if (p.isSet("help")) {
        std::cout << p.helpText().toStdString();
        return 0;
    }
    if (p.positionalArguments().size() != 1) {
        std::cerr << "cnnwb evaluate: give one trained run or session file, e.g. `cnnwb evaluate run.cnnwb`\n";
        return 2;
    }
    std::size_t mistakeCount = 10;
    if (p.isSet("mistakes")) {
        bool ok = false;
        const long long n = p.value("mistakes").toLongLong(&ok);
        if (!ok || n < 0 || n > 1000000) {
            std::cerr << "cnnwb evaluate: --mistakes must be an integer from 0 to 1000000; got '"
                      << p.value("mistakes").toStdString() << "'\n";
            return 2;
        }
        mistakeCount = std::size_t(n);
    }
    const std::string part = p.isSet("part") ? p.value("part").toStdString() : "test";
    if (part != "test" && part != "validation" && part != "training") {
        std::cerr << "cnnwb evaluate: --part must be test, validation or training; got '" << part << "'\n";
        return 2;
    }
    const bool json = p.isSet("json");
    try {
        const std::string what = pathArgument(p.positionalArguments()[0]);
        RunLibrary library(runLibraryFolder(pathArgument(p.value("runs"))));
        RunSource source = loadRunSource(what, library);
        if (!source.session || source.session->weights.empty())
            throw SpecError(what + " holds no trained weights (a preset or spec file is not trained yet); train it "
                            "first, e.g. `cnnwb train " + what + "`, then evaluate the run it records");
        ModelSpec spec = source.spec;
        applyDataFolderOption(p, spec);
        TrainingData data = prepareTrainingData(spec.data, dataFolderOption(p), decodingProgress("cnnwb evaluate"));
        reportSkipped("cnnwb evaluate", data);
        Trainer trainer(spec, std::move(data), {.seed = source.session->seed});
        restoreWeights(*source.session, trainer.network(), what);
        const Dataset& set = part == "test" ? trainer.data().test
                             : part == "validation" ? trainer.data().validation
                                                    : trainer.data().train;
        if (set.empty())
            throw DataError(what + ": the " + part + " set is empty" +
                            (part == "validation" ? " (the run holds out no validation images)" : ""));
        const Evaluation e = trainer.evaluateSamples(set);
        if (json) {
            Json out = p.isSet("confusion") ? e.toJson(mistakeCount) : Json::object();
            out[part + "_accuracy"] = e.accuracy;
            out[part + "_loss"] = e.loss;
            out[part + "_images"] = e.size();
            out["run"] = source.description;
            std::cout << out.dump() << std::endl;
            return 0;
        }
        std::printf("%s (%s): %s accuracy %.4f, loss %.4f on %zu images\n", spec.name.c_str(),
                    source.description.c_str(), part.c_str(), e.accuracy, e.loss, e.size());
        if (p.isSet("confusion")) {
            printConfusion(e);
            printMistakes(e, mistakeCount);
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb evaluate: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnnwb::cli
