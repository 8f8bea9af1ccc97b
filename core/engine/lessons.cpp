#include "core/engine/lessons.h"

namespace bitlab {

const std::vector<Lesson>& lessonRegistry()
{
    static const std::vector<Lesson> lessons {
        { 1, "rounding-stalls", "Rounding after every update stalls", "seed", {}, "loss",
            "Q4.3 weights rounded to nearest after every update stop moving and end several "
            "times above the float64 loss; stochastic rounding and STE end close to it.",
            {}, { "loss", true, 0.0, "" } },
        { 2, "bit-width-cliff", "The bit-width cliff", "cliff", {}, "sweep",
            "8 and 4-bit weights match float64 on the moons MLP; at 3 and 2 bits the test "
            "loss jumps to several times the 4-bit loss.",
            { { "symmetric" }, 2, 8, 5 }, { "loss", false, 0.0, "sym2-ste" } },
        { 3, "per-channel", "Per-channel against per-tensor scales", "per-channel", {}, "weights",
            "A few hidden neurons have far larger weights than the rest; at 3 and 2 bits one "
            "scale per neuron loses much less than one scale per matrix.",
            {}, { "loss", false, 0.0, "sym3-tensor" } },
        { 4, "ptq-vs-qat", "Post-training quantization against quantization-aware training",
            "ptq-qat", {}, "loss",
            "Rounding a float-trained MLP to 3 or 2 bits afterwards (ptq) leaves it near "
            "chance; training through the rounding (ste) keeps it close to float64.",
            {}, { "loss", true, 0.0, "sym3-ptq" } },
        { 5, "binary-ternary", "Binary and ternary weights", "binary-ternary", {}, "boundary",
            "Trained through the STE, binary and ternary MLPs both classify the moons; "
            "applied after float training both fail, ternary (which can say 0) less.",
            {}, { "loss", false, 0.0, "binary-ste" } },
        { 6, "adam-vs-sgd", "Adam against gradient descent under rounding", "adam-rounding",
            { "seed" }, "loss",
            "With the same grid and learning rate, Adam's rounded run keeps moving and ends "
            "near float64, while gradient descent's stalls for good.",
            {}, { "loss", true, 0.0, "" } },
        { 7, "outlier-clipping", "Clipping the outliers: percentile and MSE against min/max",
            "outliers", {}, "weights",
            "When a few weights lie far out, a 3 or 4-bit grid whose range comes from the 99th "
            "percentile or the MSE-optimal clip loses clearly less test loss after training "
            "than one set by min/max.",
            {}, { "loss", false, 0.0, "" } },
        { 8, "bf16-master", "BF16 weights without a master copy", "bf16-master", {}, "loss",
            "BF16 weights rounded to nearest after every update stop moving within 250 steps "
            "and end above twice the float64 loss; stochastic rounding and a float64 master "
            "copy end within 1% of it.",
            {}, { "loss", true, 0.0, "" } },
        { 9, "formats", "INT8, FP8 and MXFP4 on the same MLP", "formats", {}, "loss",
            "Cast after float training, INT8 and FP8 E4M3 both stay within 5% of the float64 "
            "test loss; at 4 bits INT4 with one scale ends above twice it, FP4 E2M1 with the "
            "same scale well below INT4, and MXFP4 within 30% of float64.",
            {}, { "loss", false, 0.0, "int4-ptq" } },
        { 10, "digits-2bit", "Handwritten digits at 2 bits: the weights and the mistakes", "digits",
            {}, "images",
            "At 2 bits the first layer keeps one value of three (-s, 0, s) and 9 in 10 of its "
            "weights are 0, several hidden units see no pixel at all; the 2-bit MLP still "
            "classifies 93% of the test digits against float64's 97% (8 and 4 bits lose less "
            "than a point), with about twice float64's mistakes, piled up in a few cells of "
            "the confusion matrix (1s read as 2s the most).",
            {}, { "accuracy", false, 0.0, "sym2-ste" } },
        { 11, "learned-step", "Learning the step size (LSQ)", "lsq", {}, "loss",
            "Trained through 2-bit weights whose step comes from max|w|, the moons MLP ends at "
            "more than three times the float64 test loss; with the step learned by LSQ it "
            "closes at least 70% of that gap, and at 3 bits it ends below min/max's loss.",
            {}, { "loss", false, 0.0, "" } },
    };
    return lessons;
}

const Lesson* findLessonForPreset(const std::string& preset)
{
    for (const Lesson& lesson : lessonRegistry())
        if (lesson.preset == preset)
            return &lesson;
    return nullptr;
}

const Lesson* findLesson(const std::string& name)
{
    for (const Lesson& lesson : lessonRegistry())
        if (lesson.name == name)
            return &lesson;
    return nullptr;
}

} // namespace bitlab
