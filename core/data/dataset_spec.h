#pragma once
// DatasetSpec: where an experiment's data comes from (the "dataset" object of the
// experiment file, docs/formats.md): a CSV file or a built-in generator with its
// parameters, the target column, the task, the split and the shuffle.

#include <cstdint>
#include <optional>
#include <string>

namespace bitlab {

// The largest side of an image a CSV can declare (dataset.image_shape).
inline constexpr int kMaxImageSide = 4096;

struct DatasetSpec {
    std::string source
        = "builtin:seed-linear"; // CSV path (relative to the JSON file) or builtin:NAME
    std::string target; // CSV target column by name; empty = the last column
    std::string task = "auto"; // auto | regression | binary | multiclass
    bool standardize = false; // z-score features with the training rows' mean and std
    double testFraction = 0.0; // [0, 1): share of rows held out, chosen with training.seed
    bool shuffle = true; // reshuffle the training rows every epoch
    // A CSV whose feature columns are the pixels of an image (dataset.image_shape [rows,
    // cols], row-major): rows * cols must equal the feature count. 0 = not images. Built-in
    // datasets know their own shape and take none.
    int imageRows = 0, imageCols = 0;
    // Generator parameters of builtin:NAME; unset = the generator's default.
    std::optional<std::int64_t> samples;
    std::optional<double> noise;
    std::optional<std::uint64_t> seed;
    std::optional<int> classes; // blobs, spiral
    std::optional<int> features; // linear, blobs

    bool isBuiltin() const { return source.rfind("builtin:", 0) == 0; }
    std::string builtinName() const { return isBuiltin() ? source.substr(8) : std::string(); }
};

} // namespace bitlab
