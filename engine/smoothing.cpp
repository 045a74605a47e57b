#include "smoothing.h"

#include <cstdio>

namespace cnnwb {

std::string Smoothing::text() const {
    char buf[96];
    switch (method) {
    case Method::None: return "none";
    case Method::MovingAverage:
        std::snprintf(buf, sizeof buf, "moving average over %d points", window);
        return buf;
    case Method::Exponential:
        std::snprintf(buf, sizeof buf, "exponential, weight %g, bias-corrected", weight);
        return buf;
    }
    return "";
}

void Smoother::reset() {
    average_ = 0;
    correction_ = 1;
    window_.clear();
    head_ = 0;
    sum_ = 0;
}

double Smoother::next(double x) {
    switch (s_.method) {
    case Smoothing::Method::None: return x;
    case Smoothing::Method::MovingAverage: {
        const std::size_t n = std::size_t(s_.window > 0 ? s_.window : 1);
        if (window_.size() < n) {
            window_.push_back(x);
            sum_ += x;
        } else {
            sum_ += x - window_[head_];
            window_[head_] = x;
            head_ = (head_ + 1) % n;
            // A running sum drifts; start it afresh once per turn of the ring.
            if (head_ == 0) {
                sum_ = 0;
                for (double v : window_) sum_ += v;
            }
        }
        return sum_ / double(window_.size());
    }
    case Smoothing::Method::Exponential:
        average_ = s_.weight * average_ + (1 - s_.weight) * x;
        correction_ *= s_.weight;
        return correction_ < 1 ? average_ / (1 - correction_) : x;
    }
    return x;
}

std::vector<double> smoothed(const std::vector<double>& values, const Smoothing& smoothing) {
    Smoother s(smoothing);
    std::vector<double> out;
    out.reserve(values.size());
    for (double v : values) out.push_back(s.next(v));
    return out;
}

}  // namespace cnnwb
