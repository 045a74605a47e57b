// `cnnwb export SOURCE --pytorch DIR`: writes an experiment (a preset, spec
// file, session file or run of the library) as a PyTorch project that trains
// on one machine or under torchrun (engine/export/pytorch_project.h).
#include "commands.h"
#include "path_argument.h"
#include "run_source.h"

#include "engine/export/pytorch_project.h"
#include "engine/runs/run_library.h"

#include <QCommandLineParser>

#include <iostream>

namespace cnnwb::cli {

int exportProject(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "Write an experiment as a PyTorch project: model.py (the layers, by their names here), train.py (the same\n"
        "loss, optimizer, schedule, batch size, seed and data settings; plain, or DistributedDataParallel under\n"
        "torchrun), config.json, the current weights and optimizer state, and a check batch with this engine's\n"
        "outputs, loss and gradients (`python3 train.py --check`). SOURCE is a preset, a spec file (.json), a\n"
        "session file (.cnnwb) or a run of the library; a preset or spec starts from its seed's initial weights.\n\n"
        "  cnnwb export e3-cnn --pytorch e3-cnn-pytorch\n"
        "  cnnwb export 20261202-0930 --pytorch grown-run && cd grown-run && python3 train.py --check");
    p.addPositionalArgument("SOURCE", "What to export (see above).");
    p.addOptions({{"pytorch", "The project folder to write (made when missing; its files are replaced).", "DIR"},
                  {"runs", "The run library (default: $CNNWB_RUNS, then the user data folder).", "DIR"}});
    p.addHelpOption();
    if (!p.parse(args)) {
        std::cerr << "cnnwb export: " << p.errorText().toStdString() << "\n";
        return 2;
    }
    if (p.isSet("help")) {
        std::cout << p.helpText().toStdString();
        return 0;
    }
    if (p.positionalArguments().size() != 1 || !p.isSet("pytorch")) {
        std::cerr << "cnnwb export: give one source and the project folder, e.g. `cnnwb export e1-lenet1988 "
                     "--pytorch e1-project`\n";
        return 2;
    }
    try {
        const std::string what = pathArgument(p.positionalArguments()[0]);
        const std::filesystem::path folder = pathArgument(p.value("pytorch"));
        RunLibrary library(runLibraryFolder(pathArgument(p.value("runs"))));
        const RunSource source = loadRunSource(what, library);
        PyTorchExportSource request{source.spec, source.session ? &*source.session : nullptr, source.origin,
                                    source.description};
        const PyTorchExportResult result = exportPyTorchProject(request, folder);
        std::cout << "Wrote the PyTorch project of '" << source.spec.name << "' (" << source.description << ") to "
                  << folder.string() << ": " << result.files.size() << " files, "
                  << (result.trainedWeights ? "the weights after " + std::to_string(result.epochsDone) + " epochs"
                                            : std::string("the untrained initial weights"))
                  << ".\nCheck it:  cd " << folder.string() << " && python3 train.py --check\n"
                  << "Train it:  python3 train.py --data DIR   or   torchrun --standalone --nproc_per_node=2 "
                     "train.py --data DIR\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "cnnwb export: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnnwb::cli
