#include "commands.h"
#include "data_option.h"

#include "engine/data/downloader.h"
#include "engine/errors.h"

#include <QCommandLineParser>

#include <cstdio>
#include <iostream>

namespace cnnwb::cli {

int download(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription("Download a data set (MD5-checked, resumable) into the user cache or --data DIR.");
    p.addPositionalArgument("DATASET", "mnist or cifar10");
    p.addOption({"data", "Folder to put the data set in (default: the user cache).", "DIR"});
    p.addHelpOption();
    const bool parsed = p.parse(args);
    if (parsed && p.isSet("help")) {
        std::cout << p.helpText().toStdString();
        return 0;
    }
    if (!parsed || p.positionalArguments().size() != 1) {
        std::cerr << "cnnwb download: give one data set: mnist or cifar10\n";
        return 2;
    }
    try {
        const DatasetSource source = datasetSource(p.positionalArguments()[0].toStdString());
        DownloadOptions options;
        options.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
        std::string lastFile;
        int lastPercent = -1;
        options.progress = [&](const DownloadProgress& d) {
            const int percent = d.bytesTotal ? int(100 * d.bytesDone / d.bytesTotal) : -1;
            if (d.file != lastFile || percent != lastPercent) {
                std::fprintf(stderr, "\r%s: %llu KiB%s", d.file.c_str(), (unsigned long long)(d.bytesDone / 1024),
                             percent >= 0 ? (" (" + std::to_string(percent) + "%)").c_str() : "");
                lastFile = d.file;
                lastPercent = percent;
            }
            return true;
        };
        const auto dir = downloadDataset(source, dataFolderOption(p), options);
        std::printf("\n%s is ready in %s\n", source.id.c_str(), dir.string().c_str());
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "\ncnnwb download: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnnwb::cli
