// `cnnwb export SOURCE --pytorch DIR` and `--onnx FILE`: writes an
// experiment (a preset, spec file, session file or run of the library) as a
// PyTorch project that trains on one machine or under torchrun
// (engine/export/pytorch_project.h), or its network with its weights as an
// ONNX model for deployment (engine/export/onnx_export.h).
#include "commands.h"
#include "path_argument.h"
#include "run_source.h"

#include "data_option.h"

#include "engine/export/onnx_export.h"
#include "engine/export/pytorch_project.h"
#include "engine/network_with_weights.h"
#include "engine/runs/run_library.h"
#include "engine/training_data.h"

#include <QCommandLineParser>

#include <iostream>

namespace cnnwb::cli {

namespace {

int exportOnnxFile(const RunSource& source, const std::filesystem::path& file, int checkImages, bool generated,
                   const QCommandLineParser& p) {
    auto [net, trained] = networkWithWeights(source.spec, source.session ? &*source.session : nullptr, source.description);
    const OnnxSummary s = exportOnnx(net, source.spec.name, source.description, file);
    std::cout << "Wrote " << file.string() << ": ONNX opset " << s.opset << ", " << s.nodes.size() << " nodes, "
              << s.weightValues << " weights (" << (trained ? "trained" : "untrained: the spec's initial weights")
              << "); input N×" << net.inputShape().c << "×" << net.inputShape().h << "×" << net.inputShape().w
              << " scaled by " << source.spec.data.rescale << ".\n";
    if (checkImages > 0) {
        const Dataset images =
            generated ? generatedCheckImages(net.inputShape(), int(net.outputShape().size()), checkImages)
                      : prepareTrainingData(source.spec.data, dataFolderOption(p), decodingProgress("cnnwb export")).test;
        std::filesystem::path index = file, values = file;
        index += ".check.json";
        values += ".check.bin";
        writeInferenceCheck(net, images, checkImages, float(source.spec.data.rescale), index, values);
        std::cout << "Wrote the engine's outputs on " << images.name << ", the first "
                  << std::min<std::size_t>(checkImages, images.size()) << ", to " << index.string() << ".\n";
    }
    return 0;
}

}  // namespace

int exportProject(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "Write an experiment as a PyTorch project: model.py (the layers, by their names here), train.py (the same\n"
        "loss, optimizer, schedule, batch size, seed and data settings; plain, or DistributedDataParallel under\n"
        "torchrun), config.json, the current weights and optimizer state, and a check batch with this engine's\n"
        "outputs, loss and gradients (`python3 train.py --check`). SOURCE is a preset, a spec file (.json), a\n"
        "session file (.cnnwb) or a run of the library; a preset or spec starts from its seed's initial weights.\n\n"
        "With --onnx FILE, the network and its weights as an ONNX model (opset 13) instead: images N×C×H×W in,\n"
        "scaled as the spec's data.rescale says, the engine's inference out (class probabilities, or RBF distances);\n"
        "--check-images N also writes the engine's outputs on the first N test images beside it (FILE.check.json).\n\n"
        "  cnnwb export e3-cnn --pytorch e3-cnn-pytorch\n"
        "  cnnwb export 20261202-0930 --pytorch grown-run && cd grown-run && python3 train.py --check\n"
        "  cnnwb export 20261202-0930 --onnx digits.onnx --check-images 100");
    p.addPositionalArgument("SOURCE", "What to export (see above).");
    p.addOptions({{"pytorch", "The project folder to write (made when missing; its files are replaced).", "DIR"},
                  {"onnx", "The ONNX model file to write.", "FILE"},
                  {"check-images", "--onnx: also write the engine's outputs on the first N test images.", "N"},
                  {"check-generated", "--onnx: the same on N GENERATED images (no data needed).", "N"},
                  {"data", "Folder with the data sets, the only place looked at (--check-images).", "DIR"},
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
    if (p.positionalArguments().size() != 1 || p.isSet("pytorch") == p.isSet("onnx")) {
        std::cerr << "cnnwb export: give one source and either --pytorch DIR or --onnx FILE, e.g. `cnnwb export "
                     "e1-lenet1988 --pytorch e1-project`\n";
        return 2;
    }
    int checkImages = 0;
    const bool generated = p.isSet("check-generated");
    for (const char* option : {"check-images", "check-generated"}) {
        if (!p.isSet(option)) continue;
        bool ok = false;
        checkImages = p.value(option).toInt(&ok);
        if (!ok || checkImages < 1 || checkImages > 10000 || !p.isSet("onnx") ||
            (p.isSet("check-images") && p.isSet("check-generated"))) {
            std::cerr << "cnnwb export: --" << option << " goes with --onnx (one of --check-images and "
                      << "--check-generated) and must be an integer from 1 to 10000; got '"
                      << p.value(option).toStdString() << "'\n";
            return 2;
        }
    }
    try {
        const std::string what = pathArgument(p.positionalArguments()[0]);
        RunLibrary library(runLibraryFolder(pathArgument(p.value("runs"))));
        const RunSource source = loadRunSource(what, library);
        if (p.isSet("onnx")) return exportOnnxFile(source, pathArgument(p.value("onnx")), checkImages, generated, p);
        const std::filesystem::path folder = pathArgument(p.value("pytorch"));
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
