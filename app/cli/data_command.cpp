// `cnnwb data`: data sets made on this machine. `cnnwb data make shapes-rgb
// DIR` writes the generated shapes-rgb image folder (engine/data/shapes_rgb.h)
// — always labelled as generated, never passed off as CIFAR.
#include "commands.h"
#include "console_progress.h"
#include "path_argument.h"

#include "engine/cancellation.h"
#include "engine/data/shapes_rgb.h"
#include "engine/errors.h"

#include <QCommandLineParser>

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace cnnwb::cli {

namespace {

const char* kUsage =
    "Usage: cnnwb data COMMAND [ARGS]\n\n"
    "  make KIND DIR [--train N] [--test N] [--seed S]\n"
    "                    generate a data set into the new or empty folder DIR\n\n"
    "Kinds:\n"
    "  shapes-rgb        GENERATED 32x32 colour images (not CIFAR): 10 classes, each a shape (circle,\n"
    "                    square, triangle, cross, ring) in a warm or cool colour, over random clutter\n\n"
    "`cnnwb data make --help` explains the options.\n";

const char* kKnownKinds = "shapes-rgb";

// Bounds of the counts: at least one image per class; at most a size that
// writes in minutes, not hours.
constexpr long long kMinCount = 10, kMaxCount = 100000;

int make(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        "Generate a data set into DIR, which must be new or empty.\n\n"
        "shapes-rgb: GENERATED 32x32 RGB images (not CIFAR, no photographs), written as\n"
        "DIR/train/<class>/00000.png..., DIR/test/<class>/... and DIR/README.txt. Ten classes, each a shape\n"
        "(circle, square, triangle, cross, ring) in a warm or cool colour at a random position, scale and\n"
        "rotation, over lines and blobs of both colour families, with noise: neither the colour nor the\n"
        "shape alone gives the class. The same seed gives the same files on any machine.");
    p.addPositionalArgument("KIND", "What to generate: shapes-rgb.");
    p.addPositionalArgument("DIR", "The folder to write (created; must be empty if it exists).");
    p.addOptions({{"train", "Training images (10 to 100000; default 10000).", "N", "10000"},
                  {"test", "Test images (10 to 100000; default 2000).", "N", "2000"},
                  {"seed", "Seed of the generator (0 to 18446744073709551615; default 1).", "S", "1"}});
    p.addHelpOption();
    if (!p.parse(args)) {
        std::cerr << "cnnwb data make: " << p.errorText().toStdString() << "\n";
        return 2;
    }
    if (p.isSet("help")) {
        std::cout << p.helpText().toStdString();
        return 0;
    }
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2) {
        std::cerr << "cnnwb data make: give a kind and a folder, e.g. `cnnwb data make shapes-rgb ~/data/shapes`\n";
        return 2;
    }
    if (pos[0] != kKnownKinds) {
        std::cerr << "cnnwb data make: unknown kind '" << pos[0].toStdString() << "'; the known kind is "
                  << kKnownKinds << "\n";
        return 2;
    }
    if (pos[1].trimmed().isEmpty()) {
        std::cerr << "cnnwb data make: DIR is empty; give the folder to write the data set into\n";
        return 2;
    }
    auto countOption = [&](const char* name, int& value) {
        bool ok = false;
        const long long v = p.value(name).toLongLong(&ok);
        if (!ok || v < kMinCount || v > kMaxCount) {
            std::cerr << "cnnwb data make: --" << name << " must be an integer from " << kMinCount << " to "
                      << kMaxCount << "; got '" << p.value(name).toStdString() << "'\n";
            return false;
        }
        value = int(v);
        return true;
    };
    int trainCount = 0, testCount = 0;
    if (!countOption("train", trainCount) || !countOption("test", testCount)) return 2;
    bool seedOk = false;
    const QString seedText = p.value("seed").trimmed();
    // toULongLong would read "-1" as a huge number on some Qt versions: digits only.
    const std::uint64_t seed = seedText.startsWith('-') || seedText.startsWith('+') ? 0 : seedText.toULongLong(&seedOk);
    if (!seedOk) {
        std::cerr << "cnnwb data make: --seed must be an integer from 0 to 18446744073709551615; got '"
                  << p.value("seed").toStdString() << "'\n";
        return 2;
    }

    const std::filesystem::path dir = pathArgument(pos[1]);
    InterruptWatch interrupts;
    CancellationScope scope([] { return InterruptWatch::interrupted(); });
    const bool tty = ::isatty(2);
    int lastTenth = -1;
    try {
        writeShapesRgbFolder(dir, trainCount, testCount, seed, [&](std::size_t done, std::size_t total) {
            // A redrawn line on a terminal; in a log, one line per tenth.
            const int percent = int(100 * done / total);
            if (tty) {
                std::fprintf(stderr, "\rshapes-rgb: %zu of %zu images (%d%%)", done, total, percent);
            } else if (percent / 10 != lastTenth) {
                std::fprintf(stderr, "shapes-rgb: %zu of %zu images (%d%%)\n", done, total, percent);
                lastTenth = percent / 10;
            }
        });
        if (tty) std::fputc('\n', stderr);
    } catch (const Cancelled&) {
        std::cerr << "\ncnnwb data make: interrupted; " << dir.string()
                  << " holds part of the data set (no README.txt); delete it and start again\n";
        return InterruptWatch::exitCode();
    } catch (const std::exception& e) {
        std::cerr << (tty ? "\n" : "") << "cnnwb data make: " << e.what() << "\n";
        return 1;
    }
    std::printf("Wrote shapes-rgb to %s: %d training and %d test images in 10 classes (32x32 RGB PNG), seed %llu.\n"
                "This is GENERATED data, not CIFAR-10; %s says how it was made.\n",
                dir.string().c_str(), trainCount, testCount, (unsigned long long)seed,
                (dir / "README.txt").string().c_str());
    return 0;
}

}  // namespace

int data(const QStringList& args) {
    // args: "cnnwb", COMMAND, ...; the command's own parser sees "cnnwb ARGS...".
    const QString command = args.size() > 1 ? args[1] : QString();
    if (command.isEmpty()) {
        std::cerr << kUsage;
        return 2;
    }
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "make") {
        QStringList rest = args;
        rest.removeAt(1);
        return make(rest);
    }
    std::cerr << "cnnwb data: unknown command '" << command.toStdString() << "'; the known one is make\n\n" << kUsage;
    return 2;
}

}  // namespace cnnwb::cli
