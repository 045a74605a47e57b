// Tensor: a float32 batch of samples in NCHW order, stored contiguously.
#pragma once

#include <Eigen/Core>

#include <cstddef>
#include <string>
#include <vector>

namespace cnnwb {

// The shape of one sample: channels × height × width. A flat vector of N
// features (after Flatten or Dense) is Shape::vector(N) = {N, 1, 1, flat}; it
// differs from a 1×1×N image, as in Keras. Printed the Keras way, H×W×C.
struct Shape {
    int c = 0;
    int h = 0;
    int w = 0;
    bool flat = false;

    static Shape vector(int n) { return {n, 1, 1, true}; }
    std::size_t size() const { return std::size_t(c) * std::size_t(h) * std::size_t(w); }
    bool isFlat() const { return flat; }
    bool operator==(const Shape&) const = default;
    std::string str() const;  // "28×28×1", or "576" when flat
};

// Every buffer starts on Eigen's widest alignment. Eigen's vectorised
// reductions peel a few elements depending on where data start; with aligned
// bases the split depends only on the shapes, so results are the same in
// every run and at every thread count.
using FloatStorage = std::vector<float, Eigen::aligned_allocator<float>>;

using MatrixMap = Eigen::Map<Eigen::MatrixXf, Eigen::Unaligned>;
using ConstMatrixMap = Eigen::Map<const Eigen::MatrixXf, Eigen::Unaligned>;
using VectorMap = Eigen::Map<Eigen::VectorXf, Eigen::Unaligned>;
using ConstVectorMap = Eigen::Map<const Eigen::VectorXf, Eigen::Unaligned>;

class Tensor {
public:
    Tensor() = default;
    Tensor(int batch, Shape sample) { resize(batch, sample); }

    // Keeps the allocation when the new size fits, so batches reuse memory.
    void resize(int batch, Shape sample);
    void setZero();
    void fill(float v);

    int batch() const { return batch_; }
    const Shape& sampleShape() const { return shape_; }
    std::size_t sampleSize() const { return shape_.size(); }
    std::size_t size() const { return std::size_t(batch_) * shape_.size(); }
    bool empty() const { return size() == 0; }

    float* data() { return data_.data(); }
    const float* data() const { return data_.data(); }
    float* sample(int n) { return data_.data() + std::size_t(n) * shape_.size(); }
    const float* sample(int n) const { return data_.data() + std::size_t(n) * shape_.size(); }
    float& operator[](std::size_t i) { return data_[i]; }
    float operator[](std::size_t i) const { return data_[i]; }

    // Column-major views: one column per sample (sampleSize × batch).
    MatrixMap matrix() { return MatrixMap(data(), Eigen::Index(sampleSize()), batch_); }
    ConstMatrixMap matrix() const { return ConstMatrixMap(data(), Eigen::Index(sampleSize()), batch_); }
    VectorMap vector() { return VectorMap(data(), Eigen::Index(size())); }
    ConstVectorMap vector() const { return ConstVectorMap(data(), Eigen::Index(size())); }

    std::vector<float> toVector() const { return {data_.begin(), data_.end()}; }
    FloatStorage& storage() { return data_; }
    const FloatStorage& storage() const { return data_; }

private:
    int batch_ = 0;
    Shape shape_;
    FloatStorage data_;
};

}  // namespace cnnwb
