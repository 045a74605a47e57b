// Smoothing a noisy per-batch curve, honestly: the method and its parameter
// are part of the result (text() names them in legends and export headers),
// and the raw values are never changed.
// - none
// - moving average: the mean of the last `window` points (fewer at the start)
// - exponential: TensorBoard's weighted average of the past, with `weight` on
//   the past, bias-corrected so the first points are not pulled towards 0
#pragma once

#include <string>
#include <vector>

namespace cnnwb {

struct Smoothing {
    enum class Method { None, MovingAverage, Exponential };
    Method method = Method::Exponential;
    int window = 50;       // moving average
    double weight = 0.98;  // exponential, 0 .. < 1

    // "none", "moving average over 50 points", "exponential, weight 0.98, bias-corrected".
    std::string text() const;
    bool operator==(const Smoothing&) const = default;
};

// Smooths one value at a time, as points arrive (live charts).
class Smoother {
public:
    explicit Smoother(const Smoothing& smoothing = {}) : s_(smoothing) {}
    double next(double x);
    void reset();

private:
    Smoothing s_;
    double average_ = 0;
    double correction_ = 1;   // exponential: 1 − weight^n
    std::vector<double> window_;  // moving average: the last points, as a ring
    std::size_t head_ = 0;
    double sum_ = 0;
};

// A whole series at once; the same numbers as feeding a Smoother.
std::vector<double> smoothed(const std::vector<double>& values, const Smoothing& smoothing);

}  // namespace cnnwb
