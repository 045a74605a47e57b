// Exceptions the engine throws for bad input. Every message names the file,
// field or layer at fault and says what was expected.
#pragma once

#include <stdexcept>
#include <string>

namespace cnnwb {

// A model spec, session or preset that is not valid (unknown field, wrong type,
// impossible shape, ...).
class SpecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A data file that cannot be read or is not what it claims to be.
class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Training stopped because loss or weights became NaN/Inf, or similar.
class TrainingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace cnnwb
