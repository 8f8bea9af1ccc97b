#include "ui/core_text.h"

#include "core/data/generators.h"
#include "core/engine/experiment_spec.h"
#include "core/engine/presets.h"
#include "core/engine/record.h"
#include "core/loss/loss.h"
#include "core/model/model_registry.h"
#include "core/optim/optimizer.h"
#include "core/quant/conventions.h"
#include "core/quant/quantizer.h"

namespace bitlab::ui {

namespace {
// The engine's texts, for lupdate. Formulas (QuantizerInfo::formula) are math and stay as
// they are. tst_translation prints the lines to add when a registry gains a text.
[[maybe_unused]] const char* const kTexts[] = {
    // datasets
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "The classic example: x ~ U(0,1), y = 3x + 2 + noise * U(0,1) (noise 1 is the classic "
        "U(0,1) noise)."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "d features x ~ U(-1,1), y = w.x + b + noise * N(0,1), with w ~ U(-2,2) and b ~ U(-1,1) "
        "fixed by the seed."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Two interleaving half circles (sklearn make_moons), Gaussian noise of standard deviation "
        "noise added to both coordinates."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "A circle of radius 0.5 inside one of radius 1 (sklearn make_circles, factor 0.5), "
        "Gaussian noise of standard deviation noise."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "k Gaussian clusters (standard deviation noise) around centres ~ U(-10,10)^d fixed by the "
        "seed (sklearn make_blobs)."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "x ~ U(-1,1)^2, label = 1 where x1*x2 > 0, then Gaussian jitter of standard deviation "
        "noise."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "k spiral arms: r = i/(m-1), theta = 2 pi c/k + 3 pi r, x = r (cos theta, sin theta) + "
        "noise * N(0,1)."),
    // models
    QT_TRANSLATE_NOOP(
        "bitlab::ui::CoreText", "Linear regression: yhat = W x + b, fitted by mean squared error."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Logistic regression: p(y = 1 | x) = sigmoid(w . x + b), fitted by binary cross-entropy on "
        "the logit."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Softmax (multinomial logistic) regression: p(y = k | x) = softmax(W x + b)_k, fitted by "
        "cross-entropy."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Linear support vector machine: score z = W x + b (one logit for two classes, one per "
        "class otherwise), fitted by the hinge loss max(0, 1 - t z)."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Multilayer perceptron: h_{l+1} = act(W_l h_l + b_l) through the hidden layers (act = "
        "relu, tanh or sigmoid), logits from a last linear layer."),
    // losses
    QT_TRANSLATE_NOOP(
        "bitlab::ui::CoreText", "Mean squared error, mean over all elements of (y - z)^2."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Binary cross-entropy on the logit z, computed stably as mean(max(z,0) - z*y + "
        "log1p(exp(-|z|)))."),
    QT_TRANSLATE_NOOP(
        "bitlab::ui::CoreText", "Softmax cross-entropy on K logits, mean(logsumexp(z) - z_y)."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Hinge loss, mean(max(0, 1 - t*z)) with t = 2y - 1 for one logit, PyTorch's "
        "MultiMarginLoss (sum over j != y of max(0, 1 - z_y + z_j) / K) for K logits."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Squared hinge loss, mean(max(0, 1 - t*z)^2) for one logit, MultiMarginLoss with p = 2 for "
        "K logits."),
    // optimizers
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Full-batch gradient descent (torch.optim.SGD): v = mu*v + g; step = g + mu*v (nesterov) "
        "or v; w -= lr*step"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Mini-batch SGD (torch.optim.SGD): v = mu*v + g; step = g + mu*v (nesterov) or v; w -= "
        "lr*step"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Adam (torch.optim.Adam): m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= "
        "lr*(m/(1-b1^t))/(sqrt(v/(1-b2^t)) + eps)"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "AdamW (torch.optim.AdamW): w -= lr*wd*w, then the Adam step without L2"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "RMSprop (torch.optim.RMSprop): v = alpha*v + (1-alpha)*g^2; w -= lr*g/(sqrt(v) + eps)"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Adagrad (torch.optim.Adagrad): s += g^2; w -= lr*g/(sqrt(s) + eps)"),
    // quantizers
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Two's-complement fixed point: bits-bit words (sign included) with frac_bits fractional "
        "bits, a fixed grid of step 2^-frac_bits."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Uniform grid centred on 0, scaled to max|w|; narrow range (Brevitas) by default, full "
        "range (PyTorch per_tensor_symmetric) on request."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Asymmetric uniform grid over [min(w,0), max(w,0)] with a zero-point: PyTorch's "
        "MinMaxObserver + fake_quantize_per_tensor_affine."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Logarithmic: every nonzero weight a signed power of two, 2^(bits-1)-1 exponents at and "
        "below round(log2 max|w|)."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "One bit per weight: the sign scaled by the mean magnitude (XNOR-Net)."),
    QT_TRANSLATE_NOOP(
        "bitlab::ui::CoreText", "Three values {-alpha, 0, +alpha} (Ternary Weight Networks)."),
    // presets
    QT_TRANSLATE_NOOP(
        "bitlab::ui::CoreText", "The classic example: y = 3x + 2 in 8-bit fixed point"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Linear regression by full-batch gradient descent, in float64 and with the weights stored "
        "in Q4.3 fixed point. Rounding to nearest after every update stalls short of the solution; "
        "stochastic rounding and the straight-through estimator do not."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "The bit-width cliff: a 2-16-16-1 MLP on two moons"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "A tanh MLP learns the two-moons boundary with Adam. Quantization-aware training with "
        "4-bit symmetric weights stays close to float64; with 2 bits the boundary coarsens and the "
        "test loss rises."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "Logistic regression on two blobs"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "A single logistic unit separates two Gaussian blobs by full-batch gradient descent. Even "
        "coarse weights classify well here; the loss shows what they cost."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "Softmax regression on three blobs"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Multiclass logistic regression with SGD and momentum, in float64 and with 2-bit symmetric "
        "weights: one scale for the whole matrix loses more than one per class."),
    QT_TRANSLATE_NOOP(
        "bitlab::ui::CoreText", "A linear SVM on two blobs, with binary and ternary weights"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Hinge loss on two Gaussian blobs by mini-batch SGD, in float64 and with binary (XNOR-Net) "
        "and ternary (TWN) weights trained through the straight-through estimator."),
    QT_TRANSLATE_NOOP(
        "bitlab::ui::CoreText", "The bit-width cliff: 8, 4, 3 and 2-bit weights on two moons"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "The moons MLP with quantization-aware symmetric weights of 8, 4, 3 and 2 bits: 8 and 4 "
        "bits match float64, below 4 bits the test loss jumps."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "Per-channel against per-tensor scales"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "The moons MLP at 3 and 2 bits with one scale per weight matrix and with one scale per "
        "neuron (row): the few large neurons set the per-tensor scale and the others lose their "
        "weights; per-channel scales keep them."),
    QT_TRANSLATE_NOOP(
        "bitlab::ui::CoreText", "Post-training quantization against quantization-aware training"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "The moons MLP rounded to 3 and 2-bit weights after float training (ptq) and trained "
        "through the rounding with the straight-through estimator (ste): ptq falls to chance, ste "
        "stays close to float64."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "Binary and ternary weights"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "The moons MLP with 1-bit (binary) and ternary weights: trained through the STE both learn "
        "the moons; applied after float training both fail, ternary less."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "Adam under rounding after every update"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "The classic example with Adam (lr 0.1) instead of gradient descent: rounding to nearest "
        "after every update stalls for a while, then moves on and ends near float64."),
    // conventions
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "PyTorch fake_quantize (symmetric, full range)"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "PyTorch's default weight fake-quant tracks min/max with a moving average "
        "(MovingAverageMinMaxObserver) across steps; BitLab recomputes max|w| from the current "
        "weights at every step, as a plain MinMaxObserver on one batch. PyTorch computes in "
        "float32, BitLab in float64. When max|w| is a positive weight, that weight sits at w/s = "
        "2^(b-1) - 1/2, which rounds half to even to 2^(b-1), is clamped to 2^(b-1)-1 and gets no "
        "gradient: PyTorch does the same."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "PyTorch fake_quantize (affine, quint8)"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "PyTorch uses this for activations (with a moving-average observer); BitLab applies it to "
        "weights and recomputes min/max every step. The zero-point is rounded half to even and "
        "clamped into [0, 2^b-1] as PyTorch's observer does; PyTorch's reduce_range option (one "
        "bit less) has no BitLab equivalent: lower the bits instead."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "Brevitas Int8WeightPerTensorFloat (narrow range)"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Brevitas computes the max|w| scale inside the autograd graph, so some gradient can also "
        "flow through the scale; BitLab's straight-through estimator treats the scale as a "
        "constant and hands each weight its gradient unchanged. Codes never leave the narrow range "
        "(max|w| maps to the top code), so the STE mask would change nothing and is off."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "QKeras quantized_bits (fixed point, STE)"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Matches quantized_bits with alpha=None and symmetric=0 exactly (tf.round also rounds half "
        "to even). BitLab cannot express symmetric=1 (which drops the code -2^(b-1)), "
        "keep_negative=False, or alpha='auto'/'auto_po2' (a per-channel scale fitted to the "
        "weights); for a max|w| scale use the brevitas or pytorch convention instead."),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "QPyTorch FixedPoint, stochastic rounding"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText",
        "Same grid and the same floor(x + u) rule, but QPyTorch draws u from torch.rand (unseeded "
        "per call) while BitLab uses its seeded per-run stream, so single runs do not match number "
        "for number. QPyTorch can also quantize gradients, momentum and the accumulator; BitLab "
        "quantizes only the stored weights. Its 'nearest' mode is floor(x + 1/2) (ties go up), "
        "BitLab's nearest rounds ties to even."),
    // tasks, statuses
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "regression"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "binary"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "multiclass"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "pending"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "running"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "finished"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "diverged"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "stopped"),
    QT_TRANSLATE_NOOP("bitlab::ui::CoreText", "failed"),
};
} // namespace

QString CoreText::text(const std::string& english)
{
    return text(english.c_str());
}

QString CoreText::text(const char* english)
{
    return QCoreApplication::translate("bitlab::ui::CoreText", english);
}

QStringList CoreText::shownTexts()
{
    QStringList texts;
    const auto add = [&texts](const std::string& s) { texts << QString::fromStdString(s); };
    for (const DatasetInfo& d : datasetRegistry())
        add(d.description);
    for (const ModelInfo& m : modelRegistry())
        add(m.description);
    for (const LossInfo& l : lossRegistry())
        add(l.description);
    for (const OptimizerInfo& o : optimizerRegistry())
        add(o.description);
    for (const QuantizerInfo& q : quantizerRegistry())
        add(q.description);
    for (const Preset& p : presetRegistry()) {
        add(p.title);
        add(p.description);
    }
    for (const QuantConvention& c : conventionRegistry()) {
        add(c.title);
        add(c.differences);
    }
    for (Task t : { Task::Regression, Task::Binary, Task::Multiclass })
        add(toString(t));
    for (RunStatus s : { RunStatus::Pending, RunStatus::Running, RunStatus::Finished,
             RunStatus::Diverged, RunStatus::Stopped, RunStatus::Failed })
        add(toString(s));
    return texts;
}

} // namespace bitlab::ui
