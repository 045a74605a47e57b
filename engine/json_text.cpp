#include "json_text.h"

#include "errors.h"
#include "limits.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace cnnwb {

namespace {

// Parses with a depth check in the parser's callback: values deeper than the
// limit are dropped as they come (so nothing deep is ever built) and the
// document is refused afterwards.
std::optional<Json> parseLimited(const std::string& text, bool& tooDeep, std::string& error) {
    tooDeep = false;
    auto callback = [&tooDeep](int depth, Json::parse_event_t, Json&) {
        if (depth > kMaxJsonDepth) tooDeep = true;
        return !tooDeep;
    };
    try {
        Json doc = Json::parse(text, callback);
        if (tooDeep) return std::nullopt;
        return doc;
    } catch (const Json::exception& e) {
        error = e.what();
        return std::nullopt;
    }
}

}  // namespace

Json parseJson(const std::string& text, const std::string& where) {
    bool tooDeep = false;
    std::string error;
    std::optional<Json> doc = parseLimited(text, tooDeep, error);
    if (tooDeep)
        throw SpecError(within(where, "nests lists or objects more than " + std::to_string(kMaxJsonDepth) +
                                          " levels deep; no CNN Workbench file does"));
    if (!doc) throw SpecError(within(where, "not valid JSON (" + error + ")"));
    return std::move(*doc);
}

std::optional<Json> parseJsonValue(const std::string& text) {
    bool tooDeep = false;
    std::string error;
    return parseLimited(text, tooDeep, error);
}

std::string validUtf8(const std::string& text) {
    const std::string quoted = Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
    return Json::parse(quoted).get<std::string>();
}

std::int64_t jsonInteger(const Json& value, std::int64_t min, std::int64_t max, const std::string& what) {
    const std::string expected =
        what + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + "; got " + jsonTypeName(value);
    if (value.is_number_unsigned()) {
        const auto v = value.get<std::uint64_t>();
        if (max < 0 || v > std::uint64_t(max) || (min > 0 && v < std::uint64_t(min))) throw SpecError(expected);
        return std::int64_t(v);
    }
    if (!value.is_number_integer()) throw SpecError(expected);
    const auto v = value.get<std::int64_t>();
    if (v < min || v > max) throw SpecError(expected);
    return v;
}

std::string readRegularFile(const std::filesystem::path& path, std::uintmax_t maxBytes, const std::string& what) {
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw SpecError(name + ": no such file");
    if (std::filesystem::is_directory(status)) throw SpecError(name + ": is a folder, not a " + what + " file");
    if (!std::filesystem::is_regular_file(status))
        throw SpecError(name + ": is not a regular file (a device, pipe or socket); a " + what + " is read from a file");
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) throw SpecError(name + ": cannot be read (" + ec.message() + ")");
    if (size > maxBytes)
        throw SpecError(name + ": is " + exactBytesText(size) + "; a " + what + " file is at most " +
                        exactBytesText(maxBytes));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SpecError(name + ": cannot be opened (" + std::strerror(errno) + ")");
    std::string bytes(size, '\0');
    if (!in.read(bytes.data(), std::streamsize(size))) throw SpecError(name + ": cannot be read to its end");
    return bytes;
}

}  // namespace cnnwb
