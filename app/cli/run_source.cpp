#include "run_source.h"

#include "engine/errors.h"
#include "engine/json_text.h"
#include "engine/presets.h"
#include "engine/setting_path.h"

#include <filesystem>

namespace cnnwb::cli {

namespace fs = std::filesystem;

RunSource loadRunSource(const std::string& what, RunLibrary& library) {
    RunSource src;
    const auto ids = presetIds();
    const bool preset = std::find(ids.begin(), ids.end(), what) != ids.end();
    const bool specFile = what.ends_with(".json") || (!what.ends_with(".cnnwb") && fs::is_regular_file(what));
    if (preset || specFile) {
        src.spec = loadSpecOrPreset(what);
        src.origin = preset ? RunOrigin{"preset", what} : RunOrigin{"file", validUtf8(fs::path(what).filename().string())};
        src.description = preset ? "preset " + what : what;
        return src;
    }
    Session s;
    if (what.ends_with(".cnnwb") || what.find('/') != std::string::npos) {
        if (!fs::exists(what)) throw SpecError(what + ": no such file");
        s = loadSession(what);
    } else {
        try {
            s = library.load(what);
        } catch (const DataError& e) {
            throw SpecError("'" + what + "' is not a preset (`cnnwb presets` lists them), a file, or a run of the "
                            "library: " + e.what());
        }
    }
    if (!s.draft.is_null()) {
        std::string error = "an error";
        try {
            (void)ModelSpec::fromJson(s.draft, "the model");
        } catch (const SpecError& e) {
            error = e.what();
        }
        throw SpecError(what + ": was saved while its model had an error (" + error +
                        "); open it in CNN Workbench and fix it first");
    }
    src.spec = s.spec;
    src.origin = s.run.id.empty() ? RunOrigin{"file", validUtf8(fs::path(what).filename().string())}
                                  : RunOrigin{"run", s.run.id};
    src.description = s.run.id.empty() ? what : "run " + s.run.id;
    src.session = std::move(s);
    return src;
}

void applySets(ModelSpec& spec, const QStringList& sets) {
    for (const QString& option : sets) {
        const std::string text = option.toStdString();
        const auto equals = text.find('=');
        if (equals == std::string::npos || equals == 0)
            throw SpecError("--set '" + text + "': write PATH=VALUE, e.g. --set layers.h1.activation=relu");
        const std::string path = text.substr(0, equals);
        const std::string raw = text.substr(equals + 1);
        const std::optional<Json> parsed = parseJsonValue(raw);
        const Json value = parsed ? *parsed : Json(raw);
        try {
            setSetting(spec, path, value);
        } catch (const SpecError& e) {
            throw SpecError("--set " + text + ": " + e.what());
        }
    }
}

}  // namespace cnnwb::cli
