#include "ui/views/weight_explainer.h"

#include "ui/text_format.h"

#include <cmath>

namespace bitlab::ui {

namespace {
// The explainer shows values a reader checks by hand: 10 significant digits.
QString num(double v)
{
    return formatNumber(v, 10);
}
} // namespace

WeightExplanation WeightExplainer::explain(const TensorSnapshot& t, Index row, Index col)
{
    WeightExplanation e;
    if (row < 0 || col < 0 || row >= t.values.rows() || col >= t.values.cols())
        return e;
    e.valid = true;
    e.isBias = t.isBias;
    e.snapped = t.values(row, col);
    const bool hasLatent = t.latent.rows() == t.values.rows() && t.latent.cols() == t.values.cols();
    e.value = hasLatent ? t.latent(row, col) : e.snapped;
    e.residual = e.value - e.snapped;
    e.quantized = t.quantized && !t.quant.scale.empty() && t.quant.codes.rows() == t.values.rows()
        && t.quant.codes.cols() == t.values.cols();
    if (!e.quantized)
        return e;
    e.channel = static_cast<long long>(t.quant.channelOfRow(row));
    const auto c = static_cast<std::size_t>(e.channel);
    e.scale = c < t.quant.scale.size() ? t.quant.scale[c] : t.quant.scale.front();
    e.zeroPoint = c < t.quant.zeroPoint.size() ? t.quant.zeroPoint[c] : 0.0;
    e.code = t.quant.codes(row, col);
    e.learned = t.learn == LearnMode::Lsq;
    e.inRange = t.quant.inRange.size() == 0 || t.quant.inRange(row, col) != 0;
    const double formula = e.scale * (e.code - e.zeroPoint);
    e.uniform = std::abs(formula - e.snapped) <= 1e-9 * std::max(1.0, std::abs(e.snapped));
    if (t.quantizer)
        e.codeMeaning = QString::fromStdString(t.quantizer->explainCode(t.quant, row, col));
    return e;
}

QString WeightExplainer::text(const WeightExplanation& e, const QString& title)
{
    if (!e.valid)
        return {};
    QString s = QStringLiteral("<b>%1</b><br>").arg(title.toHtmlEscaped());
    // A bias is b, a weight w: the formulas use the element's own letter.
    const QString v = e.isBias ? QStringLiteral("b") : QStringLiteral("w");
    const QString value
        = e.isBias ? tr("bias b = %1").arg(num(e.value)) : tr("weight w = %1").arg(num(e.value));
    if (!e.quantized) {
        s += value + QStringLiteral("<br>")
            + tr("not quantized in this run: the model uses it as it is");
        return s;
    }
    s += value + QStringLiteral("<br>");
    if (e.uniform)
        s += tr("code q = round(%1 / s + z) = %2").arg(v, num(e.code));
    else
        s += tr("code q = %1").arg(num(e.code));
    if (!e.inRange)
        s += tr(" (clamped to the code range)");
    s += QStringLiteral("<br>");
    if (!e.codeMeaning.isEmpty()) {
        // The engine writes ASCII ("->", "x 2^-3"); the tooltip shows the usual signs.
        QString meaning = e.codeMeaning.toHtmlEscaped();
        meaning.replace(QStringLiteral("-&gt;"), QStringLiteral("→"))
            .replace(QStringLiteral(" x "), QStringLiteral(" × "));
        s += meaning + QStringLiteral("<br>");
    }
    if (e.learned) // LSQ: the scale is a parameter the optimizer moved, not max|w|'s
        s += tr("step s = %1, learned (LSQ); zero-point z = %2<br>")
                 .arg(num(e.scale), num(e.zeroPoint));
    else
        s += tr("scale s = %1, zero-point z = %2<br>").arg(num(e.scale), num(e.zeroPoint));
    if (e.uniform)
        s += tr("snaps to s·(q − z) = %1 × (%2 − %3) = %4<br>")
                 .arg(num(e.scale), num(e.code), num(e.zeroPoint), num(e.snapped));
    else
        s += tr("snaps to Q(%1) = %2<br>").arg(v, num(e.snapped));
    QString steps;
    if (e.scale > 0)
        steps = tr(" (%1 grid steps)").arg(formatNumber(e.residual / e.scale, 3));
    s += tr("rounding residual %1 − Q(%1) = %2%3").arg(v, num(e.residual), steps);
    return s;
}

} // namespace bitlab::ui
