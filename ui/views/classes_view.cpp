#include "ui/views/classes_view.h"

#include "ui/live_snapshot.h"
#include "ui/run_palette.h"
#include "ui/text_format.h"

#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace bitlab::ui {

namespace {

constexpr double kLabelWidth = 96; // class labels left of the rows
constexpr double kHeader = 64; // run title and the predicted-class labels above
constexpr double kAccuracyWidth = 56; // per-class accuracy right of the rows

} // namespace

ClassesView::ClassesView(QWidget* parent)
    : PictureView(parent)
{
    auto* hint
        = new QLabel(tr("row = true class, column = predicted; shade = share of the row"), this);
    hint->setStyleSheet(QStringLiteral("color: #555;"));
    controls()->addWidget(hint);
}

quint32 ClassesView::snapshotParts() const
{
    return kSnapshotConfusion;
}

QString ClassesView::notApplicable() const
{
    if (info().task == Task::Regression)
        return tr("The confusion matrix needs a classification dataset; this experiment is a "
                  "regression.\n\nTry the digits, iris or softmax presets (File ▸ Open "
                  "built-in experiment).");
    if (!snapshot() || snapshot()->confusion.empty())
        return tr("The confusion matrices appear with the first snapshot of the runs.");
    return {};
}

QString ClassesView::classLabel(int c) const
{
    return c >= 0 && c < static_cast<int>(info().classLabels.size())
        ? info().classLabels[static_cast<std::size_t>(c)]
        : QString::number(c);
}

ClassesView::Layout ClassesView::layout(const QRectF& area) const
{
    Layout l;
    const int k = std::max(1, info().classes);
    l.runs[1] = comparedRun();
    const int panels = l.runs[1] >= 0 ? 2 : 1;
    const double panelWidth = (area.width() - 24) / panels;
    l.panelWidth = panelWidth;
    const double byWidth = (panelWidth - kLabelWidth - kAccuracyWidth - 16) / k;
    const double byHeight = (area.height() - kHeader - 56) / k;
    l.cell = std::clamp(std::min(byWidth, byHeight), 6.0, 72.0);
    for (int i = 0; i < panels; ++i) {
        const double left = area.left() + 12 + i * panelWidth + kLabelWidth;
        l.matrix[i] = QRectF(left, area.top() + kHeader, l.cell * k, l.cell * k);
    }
    return l;
}

void ClassesView::paintPicture(QPainter& p, const QRectF& area) const
{
    const LiveSnapshot& snap = *snapshot();
    const Layout l = layout(area);
    const int k = info().classes;
    const bool small = l.cell < 22;
    QFont font = p.font();
    font.setPointSizeF(std::clamp(l.cell / 3.2, 6.5, 10.0));
    const QFont cellFont = font;
    for (int panel = 0; panel < 2; ++panel) {
        const int run = l.runs[panel];
        if (run < 0 || run >= static_cast<int>(snap.confusion.size()))
            continue;
        const ConfusionMatrix& m = snap.confusion[static_cast<std::size_t>(run)];
        const ConfusionMatrix& ref = snap.confusion[0];
        const QRectF box = l.matrix[panel];
        // Title: the run, its accuracy and the rows counted.
        p.setPen(RunPalette::color(run));
        QFont bold = p.font();
        bold.setBold(true);
        p.setFont(bold);
        // The title may use the panel's width, wider than a few classes' cells.
        const QRectF titleBox(box.left() - kLabelWidth, area.top() + 6,
            std::max(box.width() + kLabelWidth + kAccuracyWidth, l.panelWidth - 8), 20);
        const QString title = tr("%1: accuracy %2 on %3 %4 rows")
                                  .arg(runName(run), formatPercent(m.accuracy()))
                                  .arg(m.rows())
                                  .arg(snap.confusionOnTest ? tr("test") : tr("training"));
        p.drawText(titleBox, Qt::AlignLeft | Qt::AlignVCenter,
            p.fontMetrics().elidedText(title, Qt::ElideRight, static_cast<int>(titleBox.width())));
        p.setFont(cellFont);
        p.setPen(QColor(0x44, 0x44, 0x44));
        p.drawText(QRectF(box.left(), area.top() + 26, box.width(), 16), Qt::AlignCenter,
            tr("predicted class"));
        for (int t = 0; t < k; ++t) {
            std::int64_t rowTotal = 0;
            for (int c = 0; c < k; ++c)
                rowTotal += m.at(t, c);
            // Class labels: rows on the left, columns above (every label when they fit).
            const QRectF rowLabel(
                box.left() - kLabelWidth, box.top() + t * l.cell, kLabelWidth - 6, l.cell);
            p.setPen(QColor(0x22, 0x22, 0x22));
            if (!small || t % std::max(1, static_cast<int>(std::ceil(14.0 / l.cell))) == 0)
                p.drawText(rowLabel, Qt::AlignRight | Qt::AlignVCenter,
                    QFontMetricsF(cellFont).elidedText(
                        classLabel(t), Qt::ElideRight, rowLabel.width()));
            const QRectF colLabel(box.left() + t * l.cell, box.top() - 18, l.cell, 16);
            if (!small)
                p.drawText(colLabel, Qt::AlignCenter,
                    QFontMetricsF(cellFont).elidedText(classLabel(t), Qt::ElideRight, l.cell));
            for (int c = 0; c < k; ++c) {
                const QRectF cell(box.left() + c * l.cell, box.top() + t * l.cell, l.cell, l.cell);
                const double share = rowTotal > 0
                    ? static_cast<double>(m.at(t, c)) / static_cast<double>(rowTotal)
                    : 0.0;
                const QColor base = t == c ? QColor(0x00, 0x72, 0xB2) : QColor(0xD5, 0x5E, 0x00);
                QColor fill = base;
                fill.setAlphaF(static_cast<float>(0.08 + 0.92 * share));
                p.fillRect(cell, m.at(t, c) > 0 ? fill : QColor(0xfa, 0xfa, 0xfa));
                p.setPen(QColor(0xdd, 0xdd, 0xdd));
                p.drawRect(cell);
                if (!small && m.at(t, c) > 0) {
                    p.setPen(share > 0.55 ? Qt::white : QColor(0x22, 0x22, 0x22));
                    p.drawText(cell, Qt::AlignCenter, QString::number(m.at(t, c)));
                }
                if (panel == 1 && m.at(t, c) != ref.at(t, c)) {
                    p.setPen(QPen(QColor(0xE6, 0x9F, 0x00), 2.5));
                    p.drawRect(cell.adjusted(1.5, 1.5, -1.5, -1.5));
                }
            }
            p.setPen(QColor(0x22, 0x22, 0x22));
            if (!small || t % std::max(1, static_cast<int>(std::ceil(14.0 / l.cell))) == 0)
                p.drawText(QRectF(box.right() + 6, box.top() + t * l.cell, kAccuracyWidth, l.cell),
                    Qt::AlignLeft | Qt::AlignVCenter, formatPercent(m.classAccuracy(t)));
        }
        p.setPen(QColor(0x44, 0x44, 0x44));
        p.drawText(QRectF(box.right() + 6, box.top() - 18, kAccuracyWidth, 16),
            Qt::AlignLeft | Qt::AlignVCenter, tr("right"));
    }
    p.setPen(QColor(0x55, 0x55, 0x55));
    const double bottom = l.matrix[0].bottom() + 14;
    p.drawText(QRectF(area.left() + 12, bottom, area.width() - 24, 36),
        Qt::AlignLeft | Qt::TextWordWrap,
        l.runs[1] >= 0
            ? tr("Rows: the true class; columns: the predicted class; \"right\": the share of the "
                 "class's rows predicted right. Orange outline: a cell of %1 that differs from %2.")
                  .arg(runName(l.runs[1]), runName(0))
            : tr("Rows: the true class; columns: the predicted class; \"right\": the share of the "
                 "class's rows predicted right."));
}

QString ClassesView::explain(const QPointF& pos, const QRectF& area) const
{
    const LiveSnapshot* snap = snapshot();
    if (!snap)
        return {};
    const Layout l = layout(area);
    for (int panel = 0; panel < 2; ++panel) {
        const int run = l.runs[panel];
        if (run < 0 || run >= static_cast<int>(snap->confusion.size())
            || !l.matrix[panel].contains(pos))
            continue;
        const int c = static_cast<int>((pos.x() - l.matrix[panel].left()) / l.cell);
        const int t = static_cast<int>((pos.y() - l.matrix[panel].top()) / l.cell);
        const int k = info().classes;
        if (c < 0 || t < 0 || c >= k || t >= k)
            return {};
        const ConfusionMatrix& m = snap->confusion[static_cast<std::size_t>(run)];
        std::int64_t rowTotal = 0;
        for (int i = 0; i < k; ++i)
            rowTotal += m.at(t, i);
        QString text
            = tr("%1: %2 of the %3 rows of class %4 predicted as %5 (%6)")
                  .arg(runName(run))
                  .arg(m.at(t, c))
                  .arg(rowTotal)
                  .arg(classLabel(t), classLabel(c),
                      formatPercent(rowTotal > 0 ? double(m.at(t, c)) / double(rowTotal) : NAN));
        if (run != 0)
            text += QLatin1Char('\n')
                + tr("%1: %2 rows").arg(runName(0)).arg(snap->confusion[0].at(t, c));
        return text;
    }
    return {};
}

} // namespace bitlab::ui
