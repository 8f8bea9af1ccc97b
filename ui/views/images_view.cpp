#include "ui/views/images_view.h"

#include "ui/live_snapshot.h"
#include "ui/run_palette.h"
#include "ui/text_format.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

namespace {

constexpr double kMargin = 12;
constexpr double kTitle = 22; // a section's title line
constexpr double kCaption = 16; // the labels under a sample

// Blue for negative, white for 0, red for positive, by |w| / scale.
QColor diverging(double w, double scale)
{
    const double t = scale > 0 ? std::clamp(std::abs(w) / scale, 0.0, 1.0) : 0.0;
    const QColor end = w < 0 ? QColor(0x21, 0x66, 0xAC) : QColor(0xB2, 0x18, 0x2B);
    return QColor::fromRgbF(static_cast<float>(1 - t + t * end.redF()),
        static_cast<float>(1 - t + t * end.greenF()), static_cast<float>(1 - t + t * end.blueF()));
}

const QColor kWrong(0xC0, 0x1C, 0x1C);
const QColor kRight(0x1B, 0x7A, 0x3A);
const QColor kDisagree(0xE6, 0x9F, 0x00);

} // namespace

ImagesView::ImagesView(QWidget* parent)
    : PictureView(parent)
{
    auto* hint = new QLabel(tr("under each sample: true class ▸ float64's and the compared "
                               "run's prediction"),
        this);
    hint->setStyleSheet(QStringLiteral("color: #555;"));
    controls()->addWidget(hint);
}

quint32 ImagesView::snapshotParts() const
{
    return kSnapshotSamples | kSnapshotWeights;
}

QString ImagesView::notApplicable() const
{
    if (info().imageRows <= 0)
        return tr("The Images tab shows image datasets: their samples with each run's "
                  "predictions, and the first layer's weights as images.\n\nOpen the digits "
                  "preset (File ▸ Open built-in experiment ▸ digits), choose the "
                  "builtin:digits dataset, or check Images under a CSV's dataset settings "
                  "(28 × 28 for MNIST's CSV).");
    if (!snapshot())
        return tr("The images appear with the first snapshot of the runs.");
    return {};
}

QString ImagesView::classLabel(int c) const
{
    return c >= 0 && c < static_cast<int>(info().classLabels.size())
        ? info().classLabels[static_cast<std::size_t>(c)]
        : QString::number(c);
}

QString ImagesView::weightsHeading(int run) const
{
    QString heading = tr("%1: first-layer weights").arg(runName(run));
    const TensorSnapshot* t = firstLayer(run);
    if (t && t->quantized && !t->levels.empty() && !t->levels.front().empty()) {
        std::size_t levels = 0;
        for (const auto& channel : t->levels)
            levels = std::max(levels, channel.size());
        // One grid for the whole tensor, or one per output row (each unit's image its own).
        heading += QStringLiteral(" (")
            + (t->levels.size() == 1 ? tr("%1 levels").arg(levels)
                                     : tr("up to %1 levels, each unit its own scale").arg(levels))
            + QLatin1Char(')');
    }
    return heading;
}

const TensorSnapshot* ImagesView::firstLayer(int run) const
{
    const LiveSnapshot* snap = snapshot();
    if (!snap || run < 0 || run >= static_cast<int>(snap->weights.size()))
        return nullptr;
    const Index pixels = static_cast<Index>(info().imageRows) * info().imageCols;
    for (const TensorSnapshot& t : snap->weights[static_cast<std::size_t>(run)].tensors)
        if (!t.isBias && t.values.cols() == pixels && t.values.rows() > 0)
            return &t;
    return nullptr;
}

ImagesView::Layout ImagesView::layout(const QRectF& area) const
{
    Layout l;
    l.runs[1] = comparedRun();
    const double width = area.width() - 2 * kMargin;
    const auto samples = static_cast<int>(info().sampleImages.size());
    const double aspect = info().imageCols > 0 ? double(info().imageRows) / info().imageCols : 1.0;
    // Samples: as many columns as fit images of at least 48 px, at most 10 a row.
    l.sampleColumns = std::clamp(static_cast<int>(width / 60), 1, 10);
    const int sampleRows = (samples + l.sampleColumns - 1) / l.sampleColumns;
    const TensorSnapshot* w = firstLayer(0);
    l.units = w ? static_cast<int>(std::min<Index>(w->values.rows(), 64)) : 0;
    const int panels = l.runs[1] >= 0 ? 2 : 1;
    l.unitColumns = std::max(1, std::min(l.units, 8));
    const int unitRows = l.units > 0 ? (l.units + l.unitColumns - 1) / l.unitColumns : 0;
    // Split the height: samples get 55% at most, the weights the rest.
    const double height = area.height() - 2 * kTitle - 3 * kMargin;
    const double sampleByWidth = width / l.sampleColumns - 8;
    const double sampleByHeight
        = sampleRows > 0 ? 0.55 * height / sampleRows - kCaption - 8 : sampleByWidth;
    l.sample = std::clamp(std::min(sampleByWidth, sampleByHeight / aspect), 16.0, 72.0);
    l.sampleStepX = l.sample + 8;
    l.sampleStepY = l.sample * aspect + kCaption + 8;
    l.samplesOrigin = QPointF(area.left() + kMargin, area.top() + kMargin + kTitle);
    const double weightsTop = l.samplesOrigin.y() + sampleRows * l.sampleStepY + kMargin + kTitle;
    const double panelWidth = width / panels;
    const double unitByWidth = (panelWidth - kMargin) / l.unitColumns - 4;
    const double unitByHeight
        = unitRows > 0 ? (area.bottom() - weightsTop - kMargin - 18) / unitRows - 4 : 0;
    l.unit = std::clamp(std::min(unitByWidth, unitByHeight / aspect), 8.0, 64.0);
    l.unitStep = l.unit + 4;
    for (int i = 0; i < panels; ++i)
        l.weightsOrigin[i] = QPointF(area.left() + kMargin + i * panelWidth, weightsTop);
    return l;
}

double ImagesView::weightScale(const Layout& l) const
{
    double scale = 0;
    for (const int run : l.runs)
        if (const TensorSnapshot* t = firstLayer(run))
            scale = std::max(scale, t->values.cwiseAbs().maxCoeff());
    return scale;
}

void ImagesView::paintPicture(QPainter& p, const QRectF& area) const
{
    const LiveSnapshot& snap = *snapshot();
    const Layout l = layout(area);
    const int rows = info().imageRows, cols = info().imageCols;
    const double aspect = double(rows) / cols;
    QFont title = p.font();
    title.setBold(true);
    QFont small = p.font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() - 1));

    // The samples.
    const int a = l.runs[0], b = l.runs[1];
    const auto predictions = [&](int run) -> const std::vector<int>* {
        return run >= 0 && run < static_cast<int>(snap.samplePredictions.size())
            ? &snap.samplePredictions[static_cast<std::size_t>(run)]
            : nullptr;
    };
    const std::vector<int>* pa = predictions(a);
    const std::vector<int>* pb = predictions(b);
    int wrongA = 0, wrongB = 0;
    double maxPixel = 0;
    for (const auto& image : info().sampleImages)
        for (const double v : image)
            maxPixel = std::max(maxPixel, std::abs(v));
    p.setFont(small);
    for (std::size_t i = 0; i < info().sampleImages.size(); ++i) {
        const int column = static_cast<int>(i) % l.sampleColumns;
        const int row = static_cast<int>(i) / l.sampleColumns;
        const QPointF origin
            = l.samplesOrigin + QPointF(column * l.sampleStepX, row * l.sampleStepY);
        const double px = l.sample / cols;
        const std::vector<double>& image = info().sampleImages[i];
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const double v
                    = maxPixel > 0 ? image[static_cast<std::size_t>(r * cols + c)] / maxPixel : 0;
                const int grey = static_cast<int>(std::lround(255 * (1 - std::clamp(v, 0.0, 1.0))));
                p.fillRect(QRectF(origin.x() + c * px, origin.y() + r * px, px + 0.5, px + 0.5),
                    QColor(grey, grey, grey));
            }
        const int truth = info().sampleClass[i];
        const int predA = pa && i < pa->size() ? (*pa)[i] : -1;
        const int predB = pb && i < pb->size() ? (*pb)[i] : -1;
        wrongA += predA >= 0 && predA != truth;
        wrongB += predB >= 0 && predB != truth;
        const QRectF frame(origin, QSizeF(l.sample, l.sample * aspect));
        if (predB >= 0 && predA != predB) {
            p.setPen(QPen(kDisagree, 3));
            p.drawRect(frame.adjusted(-2, -2, 2, 2));
        } else {
            p.setPen(QColor(0xcc, 0xcc, 0xcc));
            p.drawRect(frame);
        }
        // Caption: truth ▸ float64 | compared, each prediction green when right, red when wrong.
        QPointF at(origin.x(), frame.bottom() + 2);
        const auto put = [&](const QString& text, const QColor& colour) {
            p.setPen(colour);
            const QRectF box(at, QSizeF(l.sampleStepX, kCaption - 2));
            p.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, text);
            at.rx() += p.fontMetrics().horizontalAdvance(text) + 2;
        };
        put(classLabel(truth) + QStringLiteral(" ▸"), QColor(0x22, 0x22, 0x22));
        if (predA >= 0)
            put(classLabel(predA), predA == truth ? kRight : kWrong);
        if (predB >= 0) {
            put(QStringLiteral("|"), QColor(0x88, 0x88, 0x88));
            put(classLabel(predB), predB == truth ? kRight : kWrong);
        }
    }
    p.setFont(title);
    p.setPen(QColor(0x22, 0x22, 0x22));
    const int shown = static_cast<int>(info().sampleImages.size());
    QString samplesTitle = (info().samplesAreTest ? tr("The first %1 test samples")
                                                  : tr("The first %1 training samples"))
                               .arg(shown)
        + QStringLiteral(" — ") + tr("%1 wrong: %2").arg(runName(a)).arg(wrongA);
    if (b >= 0)
        samplesTitle += QStringLiteral(", ") + tr("%1 wrong: %2").arg(runName(b)).arg(wrongB)
            + QStringLiteral(" (") + tr("orange frame: the two disagree") + QLatin1Char(')');
    p.drawText(
        QRectF(area.left() + kMargin, area.top() + kMargin - 4, area.width() - 2 * kMargin, kTitle),
        Qt::AlignLeft | Qt::AlignVCenter, samplesTitle);

    // The first layer's weights.
    const double scale = weightScale(l);
    for (int panel = 0; panel < 2; ++panel) {
        const int run = l.runs[panel];
        const TensorSnapshot* t = firstLayer(run);
        if (run < 0)
            continue;
        const QPointF origin = l.weightsOrigin[panel];
        p.setFont(title);
        p.setPen(RunPalette::color(run));
        const QString heading = weightsHeading(run);
        p.drawText(
            QRectF(origin.x(), origin.y() - kTitle, l.unitColumns * l.unitStep + 200, kTitle),
            Qt::AlignLeft | Qt::AlignVCenter, heading);
        if (!t)
            continue;
        const double px = l.unit / cols;
        for (int u = 0; u < l.units; ++u) {
            const QPointF cell = origin
                + QPointF(
                    (u % l.unitColumns) * l.unitStep, (u / l.unitColumns) * l.unitStep * aspect);
            for (int r = 0; r < rows; ++r)
                for (int c = 0; c < cols; ++c)
                    p.fillRect(QRectF(cell.x() + c * px, cell.y() + r * px, px + 0.5, px + 0.5),
                        diverging(t->values(u, r * cols + c), scale));
            p.setPen(QColor(0xcc, 0xcc, 0xcc));
            p.drawRect(QRectF(cell, QSizeF(l.unit, l.unit * aspect)));
        }
    }
    // The colour scale.
    p.setFont(small);
    p.setPen(QColor(0x55, 0x55, 0x55));
    const int unitRows = l.units > 0 ? (l.units + l.unitColumns - 1) / l.unitColumns : 0;
    const double legendTop = l.weightsOrigin[0].y() + unitRows * l.unitStep * aspect + 2;
    p.drawText(QRectF(area.left() + kMargin, legendTop, area.width() - 2 * kMargin, 16),
        Qt::AlignLeft | Qt::AlignVCenter,
        tr("One image per unit of the first layer, its weight for each pixel: blue negative, "
           "white 0, red positive; one scale for both runs, |w| up to %1.")
            .arg(formatNumber(scale, 3)));
}

QString ImagesView::explain(const QPointF& pos, const QRectF& area) const
{
    if (!snapshot())
        return {};
    const Layout l = layout(area);
    const int rows = info().imageRows, cols = info().imageCols;
    const double aspect = double(rows) / cols;
    // A sample pixel?
    for (std::size_t i = 0; i < info().sampleImages.size(); ++i) {
        const QPointF origin = l.samplesOrigin
            + QPointF((static_cast<int>(i) % l.sampleColumns) * l.sampleStepX,
                (static_cast<int>(i) / l.sampleColumns) * l.sampleStepY);
        const QRectF frame(origin, QSizeF(l.sample, l.sample * aspect));
        if (!frame.contains(pos))
            continue;
        const int c = std::clamp(
            static_cast<int>((pos.x() - frame.left()) / (l.sample / cols)), 0, cols - 1);
        const int r = std::clamp(
            static_cast<int>((pos.y() - frame.top()) / (l.sample / cols)), 0, rows - 1);
        return tr("Sample %1, class %2: pixel (row %3, column %4) = %5")
            .arg(i + 1)
            .arg(classLabel(info().sampleClass[i]))
            .arg(r)
            .arg(c)
            .arg(formatNumber(info().sampleImages[i][static_cast<std::size_t>(r * cols + c)]));
    }
    // A weight pixel?
    for (int panel = 0; panel < 2; ++panel) {
        const TensorSnapshot* t = firstLayer(l.runs[panel]);
        if (!t)
            continue;
        for (int u = 0; u < l.units; ++u) {
            const QPointF cell = l.weightsOrigin[panel]
                + QPointF(
                    (u % l.unitColumns) * l.unitStep, (u / l.unitColumns) * l.unitStep * aspect);
            const QRectF frame(cell, QSizeF(l.unit, l.unit * aspect));
            if (!frame.contains(pos))
                continue;
            const int c = std::clamp(
                static_cast<int>((pos.x() - frame.left()) / (l.unit / cols)), 0, cols - 1);
            const int r = std::clamp(
                static_cast<int>((pos.y() - frame.top()) / (l.unit / cols)), 0, rows - 1);
            const Index k = r * cols + c;
            QString text = tr("%1, %2 unit %3, pixel (row %4, column %5): weight %6")
                               .arg(runName(l.runs[panel]), QString::fromStdString(t->name))
                               .arg(u)
                               .arg(r)
                               .arg(c)
                               .arg(formatNumber(t->values(u, k)));
            if (t->latent.size() == t->values.size())
                text += QLatin1Char('\n')
                    + tr("latent (full-precision) weight %1").arg(formatNumber(t->latent(u, k)));
            if (t->quantized && t->quant.codes.size() == t->values.size())
                text += QLatin1Char('\n')
                    + tr("integer code %1").arg(formatNumber(t->quant.codes(u, k)));
            return text;
        }
    }
    return {};
}

} // namespace bitlab::ui
