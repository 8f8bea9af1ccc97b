#pragma once
// WeightExplainer: "explain this number" for one element of a run's tensor snapshot (a
// weight w or a bias b, named so in the text): the float value the run keeps (latent for ste/ptq,
// the stored weight otherwise), the code q the quantizer chose, the channel's scale s and
// zero-point z, the value it snaps to and the rounding residual. For the uniform schemes the
// snapped value is s * (q - z); for the others (pow2, binary, ternary) it is whatever the
// quantizer's level for q is, read from the snapshot's values. Used by the hover tooltips of the
// weight plane and the tensor strips.

#include "core/engine/experiment.h"

#include <QCoreApplication>
#include <QString>

namespace bitlab::ui {

struct WeightExplanation {
    bool valid = false; // the element exists in the snapshot
    bool isBias = false; // a bias (b), else a weight (w)
    bool quantized = false; // the tensor went through the quantizer
    double value = 0; // the float the run keeps (latent for ste/ptq)
    double snapped = 0; // the value the model uses: Q(value)
    double code = 0; // q
    double scale = 0; // s of the element's channel
    double zeroPoint = 0; // z of the element's channel
    double residual = 0; // value - snapped
    bool inRange = true; // false: the rounded code was clamped to [qmin, qmax]
    bool uniform = true; // snapped == s * (q - z)
    // What the code means in a float or block format ("E4M3: sign 0, exponent 0111,
    // mantissa 010 -> 1.25 x 2^0; block 0 scale 2^-3"); empty for the integer grids.
    QString codeMeaning;
    long long channel = 0;
    bool learned = false; // the scale is a step learned by LSQ (TensorSnapshot::learn)
};

class WeightExplainer {
    Q_DECLARE_TR_FUNCTIONS(WeightExplainer)

public:
    static WeightExplanation explain(const TensorSnapshot& tensor, Index row, Index col);
    // Several lines of rich text; `title` names the run and the element.
    static QString text(const WeightExplanation& e, const QString& title);
};

} // namespace bitlab::ui
