// cnnwb: CNN Workbench without a window - summaries, training, evaluation and
// benchmarks from the command line.
#include "cli/commands.h"
#include "cli/path_argument.h"
#include "engine/float_mode.h"

#include <QCoreApplication>

#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <new>
#include <stdexcept>

static void usage(std::ostream& out) {
    out << "Usage: cnnwb COMMAND [ARGS]\n\n"
           "Commands:\n"
           "  summary SOURCE [--json]           layers, output shapes and parameter counts (preset, spec or session)\n"
           "  presets                           list the shipped experiments\n"
           "  layers                            list the layer types\n"
           "  train SOURCE [--set PATH=VALUE]... [--epochs N] [--seed S] [--continue] [--data DIR] [--threads T]\n"
           "        [--runs DIR] [--out RUN.cnnwb] [--json]\n"
           "                                    train on the real data, report the scores, record the run\n"
           "  sweep SOURCE --set PATH=V1,V2... [--repeat N | --seeds S1,S2] [--epochs N]\n"
           "                                    every combination of values over seeds, then a results table\n"
           "  runs list|show|compare|rename|tag|note|rm|restore|empty-trash|export|reindex\n"
           "                                    the run library (every run is kept)\n"
           "  lr-find SOURCE [--start R] [--end R] [--steps N]\n"
           "                                    learning-rate range test: loss against a rising rate, a suggested rate\n"
           "  evaluate RUN [--confusion] [--mistakes N] [--part test|validation] [--json]\n"
           "                                    score a trained run: accuracy, confusion matrix, surest mistakes\n"
           "  export SOURCE --pytorch DIR       a PyTorch project of the experiment: model, weights, train.py (torchrun/DDP)\n"
           "  download mnist|cifar10 [--data DIR]  fetch a data set (MD5-checked) into the user cache\n"
           "  data make shapes-rgb DIR [--train N] [--test N] [--seed S]\n"
           "                                    write a GENERATED image data set (not CIFAR) for proofs and tests\n\n"
           "`cnnwb COMMAND --help` explains a command.\n";
}

int main(int argc, char** argv) {
    cnnwb::flushSubnormalsToZero();  // before any thread starts: they inherit it
    cnnwb::cli::rememberArguments(argc, argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("cnnwb");
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        usage(std::cout);
        return args.size() < 2 ? 2 : 0;
    }
    const std::map<QString, std::function<int(const QStringList&)>> commands{
        {"summary", cnnwb::cli::summary},
        {"presets", cnnwb::cli::presets},
        {"layers", cnnwb::cli::layers},
        {"train", cnnwb::cli::train},
        {"evaluate", cnnwb::cli::evaluate},
        {"bench", cnnwb::cli::bench},
        {"download", cnnwb::cli::download},
        {"runs", cnnwb::cli::runs},
        {"sweep", cnnwb::cli::sweep},
        {"data", cnnwb::cli::data},
        {"lr-find", cnnwb::cli::lrFind},
        {"export", cnnwb::cli::exportProject},
    };
    const QString command = args[1];
    auto it = commands.find(command);
    if (it == commands.end()) {
        std::cerr << "cnnwb: unknown command '" << command.toStdString() << "'\n\n";
        usage(std::cerr);
        return 2;
    }
    args.removeAt(1);  // the parser sees "cnnwb ARGS..."
    // Commands report their own errors; anything that still escapes one (out
    // of memory, a file system error) ends with a message and exit 1, never
    // with an abort.
    try {
        return it->second(args);
    } catch (const std::bad_alloc&) {
        std::cerr << "cnnwb " << command.toStdString() << ": out of memory\n";
    } catch (const std::exception& e) {
        std::cerr << "cnnwb " << command.toStdString() << ": " << e.what() << "\n";
    }
    return 1;
}
