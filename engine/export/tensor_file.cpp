#include "tensor_file.h"

#include "../durable_file.h"
#include "../errors.h"
#include "../json_text.h"

#include <bit>
#include <cstring>

namespace cnnwb {

static_assert(std::endian::native == std::endian::little, "tensor files hold little-endian float32 as in memory");

// An index lists at most this many values (4 GiB of float32) and tensors.
constexpr std::uint64_t kMaxTensorFileValues = 1ull << 30;
constexpr std::uintmax_t kMaxTensorIndexBytes = 64u << 20;

void writeTensorFile(const std::filesystem::path& index, const std::filesystem::path& data,
                     const std::vector<NamedTensor>& tensors, const Json& extra) {
    Json doc = {{"format", kTensorFileFormat}, {"version", 1}, {"data", data.filename().string()}};
    for (auto it = extra.begin(); it != extra.end(); ++it) doc[it.key()] = it.value();
    Json list = Json::array();
    std::uint64_t offset = 0;
    for (const NamedTensor& t : tensors) {
        list.push_back({{"name", t.name}, {"shape", t.shape}, {"offset", offset}});
        offset += t.values.size();
    }
    doc["tensors"] = list;
    writeFileDurably(data, [&](std::ostream& out) {
        for (const NamedTensor& t : tensors)
            out.write(reinterpret_cast<const char*>(t.values.data()), std::streamsize(t.values.size() * sizeof(float)));
    });
    const std::string text = doc.dump(1);
    writeFileDurably(index, [&](std::ostream& out) { out << text << "\n"; });
}

std::vector<NamedTensor> readTensorFile(const std::filesystem::path& index, Json* extra) {
    const std::string where = index.string();
    const Json doc = parseJson(readRegularFile(index, kMaxTensorIndexBytes, "tensor index"), where);
    if (!doc.is_object() || doc.value("format", "") != kTensorFileFormat)
        throw SpecError(where + ": not a tensor index (its \"format\" is not \"" + kTensorFileFormat + "\")");
    if (!doc.contains("data") || !doc["data"].is_string() || !doc.contains("tensors") || !doc["tensors"].is_array())
        throw SpecError(where + ": a tensor index needs \"data\" (a file name) and \"tensors\" (a list)");
    // The values lie beside the index: a file someone sent must not make us
    // read (and later write back) some other file of the machine.
    const std::string dataName = doc["data"].get<std::string>();
    if (dataName.empty() || dataName == "." || dataName == ".." ||
        dataName.find_first_of(std::string("/\\\0", 3)) != std::string::npos)
        throw SpecError(where + ": \"data\" must name a file in the same folder, not \"" + dataName + "\"");
    const std::filesystem::path dataPath = index.parent_path() / dataName;
    const std::string raw =
        readRegularFile(dataPath, kMaxTensorFileValues * sizeof(float), "tensor data");
    const std::uint64_t available = raw.size() / sizeof(float);
    // Tensors never share values (writeTensorFile lays them end to end), so
    // together they hold at most what the data file holds: an index that names
    // the same values a million times cannot make us allocate a million copies.
    std::uint64_t total = 0;
    std::vector<NamedTensor> out;
    for (const Json& t : doc["tensors"]) {
        const std::string what = where + ": tensor " + std::to_string(out.size() + 1);
        if (!t.is_object() || !t.contains("name") || !t["name"].is_string() || !t.contains("shape") ||
            !t["shape"].is_array() || !t.contains("offset"))
            throw SpecError(what + " needs \"name\", \"shape\" and \"offset\"");
        NamedTensor n;
        n.name = t["name"].get<std::string>();
        std::uint64_t count = 1;
        for (const Json& d : t["shape"]) {
            n.shape.push_back(int(jsonInteger(d, 0, 1 << 30, what + " ('" + n.name + "'): a dimension")));
            count *= std::uint64_t(n.shape.back());
            if (count > kMaxTensorFileValues) throw SpecError(what + " ('" + n.name + "') is too large");
        }
        const auto offset = std::uint64_t(jsonInteger(t["offset"], 0, std::int64_t(kMaxTensorFileValues), what + ": offset"));
        if (offset + count > available)
            throw SpecError(what + " ('" + n.name + "') lies beyond the end of " + dataPath.string() + " (" +
                            std::to_string(available) + " values)");
        total += count;
        if (total > available)
            throw SpecError(what + " ('" + n.name + "'): the tensors hold more values than " + dataPath.string() +
                            " (" + std::to_string(available) + "); tensors must not overlap");
        n.values.resize(count);
        std::memcpy(n.values.data(), raw.data() + offset * sizeof(float), count * sizeof(float));
        out.push_back(std::move(n));
    }
    if (extra) *extra = doc;
    return out;
}

}  // namespace cnnwb
