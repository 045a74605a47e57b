// Named float tensors in a form any language reads without a library: a raw
// file of little-endian float32 values and a JSON index beside it giving each
// tensor's name, shape and offset (in values). The PyTorch project's weights,
// optimizer state and check batch use it, both ways (workbench.py reads and
// writes the same format).
#pragma once

#include "../layer_args.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb {

inline constexpr const char* kTensorFileFormat = "cnn-workbench-tensors";

struct NamedTensor {
    std::string name;
    std::vector<int> shape;
    std::vector<float> values;  // shape's product of them
};

// Writes `data` (the values) and `index` (the JSON, with `extra`'s fields
// added) durably. Throws DataError naming the file that cannot be written.
void writeTensorFile(const std::filesystem::path& index, const std::filesystem::path& data,
                     const std::vector<NamedTensor>& tensors, const Json& extra = Json::object());

// Reads what writeTensorFile() writes (or workbench.py's write_tensors).
// Throws SpecError naming the file and what is wrong with it.
std::vector<NamedTensor> readTensorFile(const std::filesystem::path& index, Json* extra = nullptr);

}  // namespace cnnwb
