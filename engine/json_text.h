// Reading JSON from text and files so that no document can end the process:
// nesting is limited before anything is copied (a deep document would
// otherwise overflow the stack in the recursive copies and destructors),
// every parser exception becomes a SpecError naming the file, and files are
// read only when they are regular files of a stated size at most (a FIFO
// would hang, /dev/zero would fill the memory).
#pragma once

#include "layer_args.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace cnnwb {

inline constexpr int kMaxJsonDepth = 64;                         // levels of [ ] and { }
inline constexpr std::uintmax_t kMaxSpecFileBytes = 16u << 20;   // a model spec, a preset

// Parses `text`; throws SpecError naming `where` when it is not JSON, nests
// deeper than kMaxJsonDepth, or holds a number out of range.
Json parseJson(const std::string& text, const std::string& where);

// A value a person typed ("relu", "0.01", "[5, 5]"): its JSON when it is
// JSON (within the depth limit), else nothing (the caller takes it as text).
std::optional<Json> parseJsonValue(const std::string& text);

// `text` with every byte sequence that is not UTF-8 replaced by U+FFFD: for
// strings that come from outside JSON (file names) before they go into a
// document, whose writer would otherwise refuse them.
std::string validUtf8(const std::string& text);

// `value` as an integer in [min, max]; throws SpecError "WHAT must be an
// integer from MIN to MAX; got ..." otherwise. Unlike Json::get<int>(), a
// float out of range is an error, not undefined behaviour.
std::int64_t jsonInteger(const Json& value, std::int64_t min, std::int64_t max, const std::string& what);

// The bytes of `path` when it is a regular file of at most `maxBytes`; throws
// SpecError naming the path and saying why not (missing, a folder, a device
// or pipe, too large, unreadable). `what` names the kind: "model spec".
std::string readRegularFile(const std::filesystem::path& path, std::uintmax_t maxBytes, const std::string& what);

}  // namespace cnnwb
