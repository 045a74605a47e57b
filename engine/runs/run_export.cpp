#include "run_export.h"

#include "run_comparison.h"

#include "../errors.h"

#include <fstream>

namespace cnnwb {

namespace {

// A CSV cell: quoted, with quotes doubled.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::ofstream openFor(const std::filesystem::path& file, ExportedFiles& written) {
    std::ofstream out(file);
    if (!out) throw DataError(file.string() + ": cannot be written");
    out.precision(9);
    written.files.push_back(file);
    return out;
}

}  // namespace

ExportedFiles exportRuns(RunLibrary& library, const std::filesystem::path& folder, const std::vector<std::string>& ids,
                         const Smoothing& smoothing) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw DataError(folder.string() + ": cannot make the folder (" + ec.message() + ")");
    ExportedFiles written;
    std::vector<ModelSpec> specs;
    std::vector<std::string> names;
    for (const std::string& idText : ids) {
        const RunRow r = library.find(idText);
        const Session s = library.load(r.id, false);
        specs.push_back(s.spec);
        names.push_back(r.id);
        std::vector<double> loss, acc;
        for (const BatchStats& b : s.history.batches) loss.push_back(b.loss), acc.push_back(b.accuracy);
        const std::vector<double> sLoss = smoothed(loss, smoothing), sAcc = smoothed(acc, smoothing);

        std::ofstream batches = openFor(folder / (r.id + "-batches.csv"), written);
        batches << "# run " << r.id << ": " << r.title << "\n# smoothed: " << smoothing.text() << "\n";
        batches << "epoch,batch,batches_per_epoch,loss,accuracy,loss_smoothed,accuracy_smoothed,elapsed_seconds\n";
        for (std::size_t i = 0; i < s.history.batches.size(); ++i) {
            const BatchStats& b = s.history.batches[i];
            batches << b.epoch << ',' << b.batch << ',' << b.batchesPerEpoch << ',' << b.loss << ',' << b.accuracy << ','
                    << sLoss[i] << ',' << sAcc[i] << ',' << b.elapsedSeconds << '\n';
        }
        std::ofstream epochs = openFor(folder / (r.id + "-epochs.csv"), written);
        epochs << "# run " << r.id << ": " << r.title << "\n";
        epochs << "epoch,loss,accuracy,val_loss,val_accuracy,test_loss,test_accuracy,seconds\n";
        for (const EpochStats& e : s.history.epochs) {
            epochs << e.epoch << ',' << e.train.loss << ',' << e.train.accuracy << ',';
            if (e.validation) epochs << e.validation->loss << ',' << e.validation->accuracy;
            else epochs << ',';
            epochs << ',';
            if (e.test) epochs << e.test->loss << ',' << e.test->accuracy;
            else epochs << ',';
            epochs << ',' << e.seconds << '\n';
        }
        Json all = r.toJson();
        all["spec"] = s.spec.toJson();
        all["history"] = historyToJson(s.history);
        all["smoothing"] = smoothing.text();
        all["smoothed"] = {{"loss", sLoss}, {"accuracy", sAcc}};
        openFor(folder / (r.id + ".json"), written) << all.dump(1) << "\n";
    }
    std::ofstream table = openFor(folder / "settings.csv", written);
    table << "setting";
    for (const std::string& n : names) table << ',' << quoted(n);
    table << '\n';
    for (const SettingRow& row : differingSettings(specs)) {
        table << quoted(row.path);
        for (const std::string& v : row.values) table << ',' << quoted(v);
        table << '\n';
    }
    return written;
}

}  // namespace cnnwb
