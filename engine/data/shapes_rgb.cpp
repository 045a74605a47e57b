// The shapes-rgb generator (see shapes_rgb.h). Drawing is integer-only so the
// bytes are the same everywhere: coordinates are in units of 1/4096 of the
// image side, rotations are integer (cos, sin) pairs scaled by 2^14, and each
// pixel averages 4×4 sub-samples (antialiased edges), each sample taking the
// colour of the topmost primitive that covers it.
#include "shapes_rgb.h"

#include "image_decode.h"

#include "../cancellation.h"
#include "../code_version.h"
#include "../errors.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string_view>
#include <system_error>
#include <tuple>

namespace cnnwb {

namespace {

using Rng = std::mt19937_64;

constexpr int kShapes = 5;
constexpr int kClasses = 2 * kShapes;
constexpr std::int64_t kUnit = 4096;   // the image side, in coordinate units
constexpr std::int64_t kOne = 16384;   // 1.0 for rotations (Q14)
constexpr int kSub = 4;                // sub-samples per pixel and axis

// A uniform integer in [0, bound) by rejection on the raw 64-bit output: the
// same on every standard library (std::uniform_int_distribution is not).
std::uint64_t below(Rng& rng, std::uint64_t bound) {
    const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % bound);
    std::uint64_t x;
    do x = rng();
    while (x >= limit);
    return x % bound;
}

// A uniform integer in [lo, hi].
std::int64_t between(Rng& rng, std::int64_t lo, std::int64_t hi) {
    return lo + std::int64_t(below(rng, std::uint64_t(hi - lo) + 1));
}

// splitmix64's finaliser: spreads (seed, index) pairs over unrelated streams.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::uint64_t derive(std::uint64_t seed, std::uint64_t stream) { return mix(mix(seed) + stream); }

// Streams of one data set's seed: image i uses stream i, the label order this one.
constexpr std::uint64_t kLabelStream = ~std::uint64_t(0);

std::int64_t isqrt(std::int64_t n) {
    std::int64_t r = 0;
    for (std::int64_t bit = std::int64_t(1) << 62; bit; bit >>= 2) {
        if (n >= r + bit) {
            n -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
    }
    return r;
}

struct Rgb {
    int r = 0, g = 0, b = 0;
};

// hue in 1/16 degree (0..5759), saturation and value 0..255.
Rgb hsv(std::int64_t hue, int s, int v) {
    hue = ((hue % 5760) + 5760) % 5760;
    const int region = int(hue / 960);
    const int rem = int((hue % 960) * 255 / 960);
    const int p = v * (255 - s) / 255;
    const int q = v * (255 - s * rem / 255) / 255;
    const int t = v * (255 - s * (255 - rem) / 255) / 255;
    switch (region) {
    case 0: return {v, t, p};
    case 1: return {q, v, p};
    case 2: return {p, v, t};
    case 3: return {p, q, v};
    case 4: return {t, p, v};
    default: return {v, p, q};
    }
}

enum class Family { Warm, Cool, Neutral };

// Warm: magenta-red through orange (335°..50°); cool: green through blue-violet
// (120°..265°). The gaps between them keep the families apart at any jitter.
Rgb colourOf(Rng& rng, Family family, int satLo, int satHi, int valLo, int valHi) {
    std::int64_t hue;
    int sat;
    switch (family) {
    case Family::Warm: hue = between(rng, -25 * 16, 50 * 16); sat = int(between(rng, satLo, satHi)); break;
    case Family::Cool: hue = between(rng, 120 * 16, 265 * 16); sat = int(between(rng, satLo, satHi)); break;
    default: hue = between(rng, 0, 5759); sat = int(between(rng, 0, 28)); break;
    }
    return hsv(hue, sat, int(between(rng, valLo, valHi)));
}

Family anyFamily(Rng& rng) { return Family(below(rng, 3)); }

// A random direction as an integer (cos, sin) pair of length ≈ kOne: a point
// drawn in an annulus has a uniformly distributed angle.
std::pair<std::int64_t, std::int64_t> direction(Rng& rng) {
    for (;;) {
        const std::int64_t a = between(rng, -1024, 1024), b = between(rng, -1024, 1024);
        const std::int64_t n = a * a + b * b;
        if (n < 256 * 256 || n > 1024 * 1024) continue;
        const std::int64_t r = isqrt(n);
        return {a * kOne / r, b * kOne / r};
    }
}

enum Figure { Circle, Square, Triangle, Cross, Ring };

// Per shape (per mille of the drawn scale): the size that makes the shapes'
// areas comparable, and the radius of the circle around it (for placement).
constexpr std::array<std::int64_t, kShapes> kExtent{840, 740, 1150, 950, 920};
constexpr std::array<std::int64_t, kShapes> kBound{840, 1047, 1150, 990, 920};

// Something drawn: a disc (blob), a thick segment (line) or the class's shape.
struct Primitive {
    enum Kind { Disc, Segment, Body } kind = Disc;
    std::int64_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // disc/figure: centre (x0, y0); segment: its two ends
    std::int64_t r = 0;                            // disc radius, half a line's width, the figure's extent
    std::int64_t cosA = kOne, sinA = 0;            // the figure's rotation
    Figure shape = Circle;
    Rgb colour;
    std::int64_t left = 0, top = 0, right = 0, bottom = 0;  // bounding box

    bool covers(std::int64_t x, std::int64_t y) const {
        if (x < left || x > right || y < top || y > bottom) return false;
        switch (kind) {
        case Disc: return (x - x0) * (x - x0) + (y - y0) * (y - y0) <= r * r;
        case Segment: return onSegment(x, y);
        default: return inFigure(x, y);
        }
    }

    bool onSegment(std::int64_t x, std::int64_t y) const {
        const std::int64_t dx = x1 - x0, dy = y1 - y0, wx = x - x0, wy = y - y0;
        const std::int64_t len2 = dx * dx + dy * dy, dot = wx * dx + wy * dy;
        if (dot <= 0 || len2 == 0) return wx * wx + wy * wy <= r * r;
        if (dot >= len2) return (x - x1) * (x - x1) + (y - y1) * (y - y1) <= r * r;
        const std::int64_t cross = wx * dy - wy * dx;
        return cross * cross <= r * r * len2;
    }

    // In the figure's own frame, scaled by kOne (exact: no division).
    bool inFigure(std::int64_t x, std::int64_t y) const {
        const std::int64_t dx = x - x0, dy = y - y0;
        const std::int64_t u = dx * cosA + dy * sinA, v = -dx * sinA + dy * cosA;
        const std::int64_t au = u < 0 ? -u : u, av = v < 0 ? -v : v;
        const std::int64_t R = r * kOne;
        switch (shape) {
        case Circle: return u * u + v * v <= R * R;
        case Ring: {
            const std::int64_t d2 = u * u + v * v, inner = R * 11 / 20;
            return d2 <= R * R && d2 >= inner * inner;
        }
        case Square: return au <= R && av <= R;
        case Triangle: {
            // Equilateral, circumradius R, apex up: inside all three edges,
            // each at the inradius R/2 from the centre (normals in Q14).
            const std::int64_t limit = R / 2 * kOne;
            return v * kOne <= limit && -14189 * u - 8192 * v <= limit && 14189 * u - 8192 * v <= limit;
        }
        default: {  // cross: two bars
            const std::int64_t half = R, thick = R * 30 / 100;
            return (au <= thick && av <= half) || (av <= thick && au <= half);
        }
        }
    }
};

Primitive disc(std::int64_t x, std::int64_t y, std::int64_t r, Rgb colour) {
    Primitive p;
    p.kind = Primitive::Disc;
    p.x0 = x, p.y0 = y, p.r = r, p.colour = colour;
    p.left = x - r, p.right = x + r, p.top = y - r, p.bottom = y + r;
    return p;
}

Primitive segment(std::int64_t x0, std::int64_t y0, std::int64_t x1, std::int64_t y1, std::int64_t halfWidth,
                  Rgb colour) {
    Primitive p;
    p.kind = Primitive::Segment;
    p.x0 = x0, p.y0 = y0, p.x1 = x1, p.y1 = y1, p.r = halfWidth, p.colour = colour;
    p.left = std::min(x0, x1) - halfWidth, p.right = std::max(x0, x1) + halfWidth;
    p.top = std::min(y0, y1) - halfWidth, p.bottom = std::max(y0, y1) + halfWidth;
    return p;
}

void checkLabel(int label) {
    if (label < 0 || label >= kClasses)
        throw DataError("shapes-rgb: label " + std::to_string(label) + " is not a class; labels are 0 to " +
                        std::to_string(kClasses - 1));
}

void checkSize(int size) {
    if (size < kShapesRgbMinSize || size > kShapesRgbMaxSize)
        throw DataError("shapes-rgb: image size " + std::to_string(size) + " is out of range; give " +
                        std::to_string(kShapesRgbMinSize) + " to " + std::to_string(kShapesRgbMaxSize) + " pixels");
}

void checkCount(const char* what, int count) {
    if (count < 1 || std::uint64_t(count) > kMaxDatasetSamples)
        throw DataError(std::string("shapes-rgb: ") + what + " " + std::to_string(count) +
                        " is out of range; give 1 to " + std::to_string(kMaxDatasetSamples) + " images");
}

// Labels 0..9 in turn (balanced), then shuffled by the data set's seed.
std::vector<int> shuffledLabels(int count, std::uint64_t seed) {
    std::vector<int> labels(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) labels[std::size_t(i)] = i % kClasses;
    Rng rng(derive(seed, kLabelStream));
    for (std::size_t i = labels.size(); i > 1; --i) std::swap(labels[i - 1], labels[below(rng, i)]);
    return labels;
}

std::uint64_t imageSeed(std::uint64_t seed, int index) { return derive(seed, std::uint64_t(index)); }

}  // namespace

const std::vector<std::string>& shapesRgbClassNames() {
    static const std::vector<std::string> names{"warm-circle", "warm-square", "warm-triangle", "warm-cross",
                                                "warm-ring",   "cool-circle", "cool-square",   "cool-triangle",
                                                "cool-cross",  "cool-ring"};
    return names;
}

std::vector<std::uint8_t> drawShapesRgbImage(int label, std::uint64_t seed, int size) {
    checkLabel(label);
    checkSize(size);
    // The label picks the stream too, so two classes drawn from one seed are
    // unrelated scenes rather than the same scene with another shape.
    Rng rng(derive(seed, 0x5A4E0000u + std::uint64_t(label)));
    const Figure shape = Figure(label % kShapes);
    const Family family = label < kShapes ? Family::Warm : Family::Cool;

    // Background: a gradient between two dull colours of any family.
    const Rgb back0 = colourOf(rng, anyFamily(rng), 0, 90, 20, 140);
    const Rgb back1 = colourOf(rng, anyFamily(rng), 0, 90, 20, 140);
    const auto [gradCos, gradSin] = direction(rng);

    // The figure: its scale, rotation, then a position that keeps it whole.
    // Scale, clutter and noise are calibrated together: trained on 10,000
    // images for 5 epochs, a small CNN (two 5×5 conv + pool stages) scores
    // about 0.95 on the test images and an MLP about 0.5-0.6. Smaller shapes
    // or more clutter leave the CNN below 0.9 at 5 epochs.
    Primitive figure;
    figure.kind = Primitive::Body;
    figure.shape = shape;
    const std::int64_t scale = between(rng, kUnit * 30 / 100, kUnit * 37 / 100);
    figure.r = scale * kExtent[shape] / 1000;
    const std::int64_t bound = scale * kBound[shape] / 1000, margin = kUnit / 64;
    figure.x0 = between(rng, bound + margin, kUnit - bound - margin);
    figure.y0 = between(rng, bound + margin, kUnit - bound - margin);
    std::tie(figure.cosA, figure.sinA) = direction(rng);
    figure.colour = colourOf(rng, family, 150, 255, 150, 255);
    figure.left = figure.x0 - bound, figure.right = figure.x0 + bound;
    figure.top = figure.y0 - bound, figure.bottom = figure.y0 + bound;

    // Clutter in colours of both families and neutrals, so the image's colour
    // statistics do not give the class; some of it in front of the figure.
    std::vector<Primitive> behind, front;
    const int lines = int(between(rng, 2, 3)), blobs = int(between(rng, 1, 2));
    for (int i = 0; i < lines + blobs; ++i) {
        const Rgb colour = colourOf(rng, anyFamily(rng), 90, 255, 90, 255);
        Primitive p;
        if (i < lines) {
            const std::int64_t pad = kUnit / 16;
            const std::int64_t x0 = between(rng, -pad, kUnit + pad), y0 = between(rng, -pad, kUnit + pad);
            const std::int64_t x1 = between(rng, -pad, kUnit + pad), y1 = between(rng, -pad, kUnit + pad);
            p = segment(x0, y0, x1, y1, between(rng, kUnit * 12 / 1000, kUnit * 25 / 1000), colour);
        } else {
            const std::int64_t r = between(rng, kUnit * 30 / 1000, kUnit * 70 / 1000);
            // One draw per statement: the order of function arguments is unspecified.
            const std::int64_t x = between(rng, 0, kUnit), y = between(rng, 0, kUnit);
            p = disc(x, y, r, colour);
        }
        (below(rng, 10) == 0 ? front : behind).push_back(p);
    }
    // Top first: a sample takes the colour of the first primitive that covers it.
    std::vector<Primitive> layers(front.rbegin(), front.rend());
    layers.push_back(figure);
    layers.insert(layers.end(), behind.rbegin(), behind.rend());

    // Sub-sample centres along one axis (the same for x and y).
    std::vector<std::int64_t> at(std::size_t(size) * kSub);
    for (std::size_t i = 0; i < at.size(); ++i) at[i] = std::int64_t(2 * i + 1) * kUnit / std::int64_t(2 * at.size());

    const int noise = 8;  // per channel: the sum of two uniforms in ±noise
    std::vector<std::uint8_t> image(std::size_t(size) * size * 3);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            std::int64_t sum[3] = {0, 0, 0};
            for (int sy = 0; sy < kSub; ++sy)
                for (int sx = 0; sx < kSub; ++sx) {
                    const std::int64_t px = at[std::size_t(x * kSub + sx)], py = at[std::size_t(y * kSub + sy)];
                    Rgb c;
                    auto hit = std::find_if(layers.begin(), layers.end(),
                                            [&](const Primitive& p) { return p.covers(px, py); });
                    if (hit != layers.end()) {
                        c = hit->colour;
                    } else {
                        // Position along the gradient, 0..kUnit.
                        const std::int64_t along = ((px - kUnit / 2) * gradCos + (py - kUnit / 2) * gradSin) / kOne;
                        const std::int64_t t = std::clamp(along * 1000 / 1414 + kUnit / 2, std::int64_t(0), kUnit);
                        c.r = int(back0.r + (back1.r - back0.r) * t / kUnit);
                        c.g = int(back0.g + (back1.g - back0.g) * t / kUnit);
                        c.b = int(back0.b + (back1.b - back0.b) * t / kUnit);
                    }
                    sum[0] += c.r, sum[1] += c.g, sum[2] += c.b;
                }
            std::uint8_t* out = image.data() + (std::size_t(y) * size + x) * 3;
            for (int k = 0; k < 3; ++k) {
                const std::int64_t mean = (sum[k] + kSub * kSub / 2) / (kSub * kSub);
                const std::int64_t jitter1 = between(rng, -noise, noise), jitter2 = between(rng, -noise, noise);
                const std::int64_t jitter = jitter1 + jitter2;
                out[k] = std::uint8_t(std::clamp(mean + jitter, std::int64_t(0), std::int64_t(255)));
            }
        }
    return image;
}

Dataset makeShapesRgb(int count, std::uint64_t seed, const std::string& name, int size) {
    checkCount("count", count);
    checkSize(size);
    Dataset d;
    d.name = name;
    d.sampleShape = Shape{3, size, size};
    d.classNames = shapesRgbClassNames();
    d.labels = shuffledLabels(count, seed);
    const std::size_t plane = std::size_t(size) * size, sampleSize = 3 * plane;
    d.pixels.resize(std::size_t(count) * sampleSize);
    // Each image depends only on its label and (seed, index): any thread count gives the same bytes.
    tbb::parallel_for(tbb::blocked_range<int>(0, count, 16), [&](const tbb::blocked_range<int>& r) {
        for (int i = r.begin(); i != r.end(); ++i) {
            const std::vector<std::uint8_t> hwc = drawShapesRgbImage(d.labels[std::size_t(i)], imageSeed(seed, i), size);
            std::uint8_t* chw = d.pixels.data() + std::size_t(i) * sampleSize;
            for (std::size_t p = 0; p < plane; ++p)
                for (std::size_t c = 0; c < 3; ++c) chw[c * plane + p] = hwc[p * 3 + c];
        }
    });
    return d;
}

std::uint64_t shapesRgbTrainSeed(std::uint64_t seed) { return derive(seed, 0x7472u); }
std::uint64_t shapesRgbTestSeed(std::uint64_t seed) { return derive(seed, 0x7465u); }

namespace {

// A path as a shell word: quoted when it holds anything but plain characters.
std::string shellWord(const std::string& s) {
    const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("/._-+,:@%").find(c) != std::string_view::npos;
    });
    if (plain) return s;
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string readmeText(const std::filesystem::path& dir, int trainCount, int testCount, std::uint64_t seed) {
    const auto& names = shapesRgbClassNames();
    std::ostringstream out;
    out << "shapes-rgb: a GENERATED data set. It is NOT CIFAR-10 and holds no photographs.\n\n"
        << "Every image was drawn by CNN Workbench " << codeVersion() << ": one shape (circle, square, triangle,\n"
        << "cross or ring) in a warm (red to orange) or cool (green to blue) colour, at a random position,\n"
        << "scale and rotation, over a dull gradient with a few lines and blobs in warm, cool and neutral\n"
        << "colours, with per-pixel noise. The class is the shape AND its colour family: neither alone\n"
        << "decides it. Images are 32x32 RGB PNG.\n\n"
        << "Made with:\n"
        << "  cnnwb data make shapes-rgb " << shellWord(dir.string()) << " --train " << trainCount << " --test "
        << testCount << " --seed " << seed << "\n"
        << "The same command gives the same files, byte for byte, on any machine and thread count.\n"
        << "Training images use seed " << shapesRgbTrainSeed(seed) << " and test images seed "
        << shapesRgbTestSeed(seed) << " (both derived from " << seed << ").\n\n"
        << "train/: " << trainCount << " images, test/: " << testCount << " images, in 10 classes\n"
        << "(a folder each; counts per class differ by at most one):\n";
    for (int c = 0; c < kClasses; ++c) {
        const int train = trainCount / kClasses + (c < trainCount % kClasses);
        const int test = testCount / kClasses + (c < testCount % kClasses);
        out << "  " << names[std::size_t(c)] << ": " << train << " train, " << test << " test\n";
    }
    return out.str();
}

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

void makeFolder(const std::filesystem::path& p) {
    std::error_code ec;
    std::filesystem::create_directories(p, ec);
    if (ec) throw DataError("shapes-rgb: cannot create the folder " + quoted(p) + ": " + ec.message());
}

}  // namespace

void writeShapesRgbFolder(const std::filesystem::path& dir, int trainCount, int testCount, std::uint64_t seed,
                          const std::function<void(std::size_t done, std::size_t total)>& progress) {
    checkCount("training count", trainCount);
    checkCount("test count", testCount);
    if (dir.empty()) throw DataError("shapes-rgb: no folder given to write the data set into");
    std::error_code ec;
    const auto status = std::filesystem::status(dir, ec);
    if (std::filesystem::exists(status)) {
        if (!std::filesystem::is_directory(status))
            throw DataError("shapes-rgb: " + quoted(dir) + " exists and is not a folder; give a new or empty folder");
        if (!std::filesystem::is_empty(dir, ec) || ec)
            throw DataError("shapes-rgb: " + quoted(dir) + (ec ? " cannot be read (" + ec.message() + ")" : " is not empty") +
                            "; give a new or empty folder (shapes-rgb never writes among other files)");
    }
    const auto& names = shapesRgbClassNames();
    struct Half {
        const char* folder;
        int count;
        std::uint64_t seed;
    };
    const Half halves[] = {{"train", trainCount, shapesRgbTrainSeed(seed)}, {"test", testCount, shapesRgbTestSeed(seed)}};
    for (const Half& h : halves)
        for (const std::string& name : names) makeFolder(dir / h.folder / name);

    const std::size_t total = std::size_t(trainCount) + std::size_t(testCount);
    std::size_t done = 0;
    constexpr int kChunk = 256;  // images drawn and written between two progress calls
    for (const Half& h : halves) {
        const std::vector<int> labels = shuffledLabels(h.count, h.seed);
        // File k of a class is that class's k-th image in the data set's order.
        std::vector<int> fileIndex(labels.size());
        std::array<int, kClasses> seen{};
        for (std::size_t i = 0; i < labels.size(); ++i) fileIndex[i] = seen[std::size_t(labels[i])]++;
        for (int begin = 0; begin < h.count; begin += kChunk) {
            const int end = std::min(h.count, begin + kChunk);
            tbb::parallel_for(tbb::blocked_range<int>(begin, end, 8), [&](const tbb::blocked_range<int>& r) {
                for (int i = r.begin(); i != r.end(); ++i) {
                    const int label = labels[std::size_t(i)];
                    const std::vector<std::uint8_t> rgb = drawShapesRgbImage(label, imageSeed(h.seed, i), 32);
                    char file[32];
                    std::snprintf(file, sizeof file, "%05d.png", fileIndex[std::size_t(i)]);
                    writePng(dir / h.folder / names[std::size_t(label)] / file, rgb.data(), 32, 32, 3);
                }
            });
            done += std::size_t(end - begin);
            throwIfCancelled();
            if (progress) progress(done, total);
        }
    }
    // Last, so a folder with a README is a complete one.
    const std::filesystem::path readme = dir / "README.txt";
    std::ofstream out(readme, std::ios::binary);
    out << readmeText(dir, trainCount, testCount, seed);
    out.close();
    if (!out) throw DataError("shapes-rgb: cannot write " + quoted(readme));
}

}  // namespace cnnwb
