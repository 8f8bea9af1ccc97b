#include "ui/views/class_accuracy_strip.h"

#include "ui/experiment_info.h"
#include "ui/live_snapshot.h"
#include "ui/run_palette.h"
#include "ui/text_format.h"
#include "ui/views/drawn_canvas.h"

#include <QComboBox>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

namespace bitlab::ui {

namespace {

constexpr double kTextHeight = 16; // the percentage above and the label below each bar
constexpr double kMaxSlot = 64; // widest a class's slot gets

} // namespace

ClassAccuracyStrip::ClassAccuracyStrip(QWidget* parent)
    : QWidget(parent)
{
    m_run = new QComboBox(this);
    m_run->setObjectName(QStringLiteral("classAccuracyRun"));
    m_run->setToolTip(tr("The run whose accuracy per class the bars show; the black tick "
                         "across each bar is float64's."));
    m_split = new QLabel(this);
    m_split->setStyleSheet(QStringLiteral("color: #555;"));
    m_split->setWordWrap(true);
    auto* side = new QVBoxLayout;
    side->addWidget(new QLabel(tr("Per class"), this));
    side->addWidget(m_run);
    side->addWidget(m_split);
    side->addStretch(1);
    m_canvas = new DrawnCanvas(
        this, [this](QPainter& p, const QRectF& area) { paintBars(p, area); },
        [this](const QPoint& pos) { return explainAt(pos); });
    m_canvas->setObjectName(QStringLiteral("classAccuracyCanvas"));
    m_canvas->setMinimumHeight(110);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 2, 8, 2);
    layout->addLayout(side);
    layout->addWidget(m_canvas, 1);
    connect(m_run, &QComboBox::currentIndexChanged, m_canvas, qOverload<>(&QWidget::update));
}

void ClassAccuracyStrip::setExperiment(const ExperimentInfo& info)
{
    const QString chosen = m_run->currentText();
    m_runNames = info.runNames;
    m_classLabels = info.classLabels;
    m_confusion.clear();
    const QSignalBlocker quiet(m_run);
    m_run->clear();
    int first = -1;
    for (std::size_t i = 0; i < m_runNames.size(); ++i) {
        m_run->addItem(m_runNames[i], static_cast<int>(i));
        if (first < 0 && i > 0 && i < info.spec.runs.size() && info.spec.runs[i].quantizer)
            first = static_cast<int>(i);
    }
    const int same = m_run->findText(chosen);
    const int preferred = m_run->findText(m_preferred);
    m_run->setCurrentIndex(!m_preferred.isEmpty() && preferred >= 0 ? preferred
            : same >= 0 && !chosen.isEmpty()                        ? same
                                                                    : std::max(0, first));
    m_split->clear();
    m_canvas->update();
}

void ClassAccuracyStrip::showSnapshot(const LiveSnapshot* snapshot)
{
    if (snapshot && snapshot->confusion.size() == m_runNames.size()) {
        m_confusion = snapshot->confusion;
        m_onTest = snapshot->confusionOnTest;
    } else {
        m_confusion.clear();
    }
    m_split->setText(m_confusion.empty() ? QString()
            : m_onTest                   ? tr("test rows, newest snapshot")
                                         : tr("training rows (no test split), newest snapshot"));
    m_canvas->update();
}

int ClassAccuracyStrip::run() const
{
    return m_run->count() > 0 ? m_run->currentData().toInt() : -1;
}

void ClassAccuracyStrip::setRun(int run)
{
    if (const int i = m_run->findData(run); i >= 0)
        m_run->setCurrentIndex(i);
}

void ClassAccuracyStrip::preferRun(const QString& name)
{
    m_preferred = name;
    if (const int i = m_run->findText(name); !name.isEmpty() && i >= 0)
        m_run->setCurrentIndex(i);
}

double ClassAccuracyStrip::accuracy(int run, int cls) const
{
    if (run < 0 || run >= static_cast<int>(m_confusion.size()))
        return std::numeric_limits<double>::quiet_NaN();
    const ConfusionMatrix& m = m_confusion[static_cast<std::size_t>(run)];
    return cls >= 0 && cls < m.classes ? m.classAccuracy(cls)
                                       : std::numeric_limits<double>::quiet_NaN();
}

QString ClassAccuracyStrip::classLabel(int cls) const
{
    return cls >= 0 && cls < static_cast<int>(m_classLabels.size())
        ? m_classLabels[static_cast<std::size_t>(cls)]
        : QString::number(cls);
}

QRectF ClassAccuracyStrip::barSlot(int cls, const QRectF& area) const
{
    const int k = m_confusion.empty() ? 0 : m_confusion.front().classes;
    const double slot = k > 0 ? std::min(kMaxSlot, area.width() / k) : 0.0;
    return QRectF(area.left() + cls * slot, area.top(), slot, area.height());
}

void ClassAccuracyStrip::paintBars(QPainter& p, const QRectF& area) const
{
    p.fillRect(area, Qt::white);
    const int r = run();
    if (m_confusion.empty() || r < 0 || r >= static_cast<int>(m_confusion.size())) {
        p.setPen(QColor(0x55, 0x55, 0x55));
        p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
            tr("Each class's accuracy appears with the first snapshot of the runs."));
        return;
    }
    const int k = m_confusion[static_cast<std::size_t>(r)].classes;
    const double top = area.top() + kTextHeight, bottom = area.bottom() - kTextHeight;
    const QColor colour = RunPalette::color(r);
    QFont small = p.font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() - 1.0));
    p.setFont(small);
    const double textWidth = QFontMetricsF(small).horizontalAdvance(QStringLiteral("100.0%"));
    p.setPen(QColor(0xdd, 0xdd, 0xdd));
    p.drawLine(QPointF(area.left(), bottom), QPointF(barSlot(k - 1, area).right(), bottom));
    for (int c = 0; c < k; ++c) {
        const QRectF slot = barSlot(c, area);
        const double share = accuracy(r, c), base = accuracy(0, c);
        const double bar = std::isfinite(share) ? share * (bottom - top) : 0.0;
        const QRectF rect(slot.left() + 0.2 * slot.width(), bottom - bar, 0.6 * slot.width(), bar);
        p.fillRect(rect, colour);
        if (r != 0 && std::isfinite(base)) {
            const double y = bottom - base * (bottom - top);
            p.setPen(QPen(Qt::black, 2));
            p.drawLine(QPointF(slot.left() + 0.1 * slot.width(), y),
                QPointF(slot.right() - 0.1 * slot.width(), y));
        }
        p.setPen(std::isfinite(share) && std::isfinite(base) && share < base
                ? QColor(0xC0, 0x1C, 0x1C)
                : QColor(0x33, 0x33, 0x33));
        if (slot.width() >= textWidth)
            p.drawText(QRectF(slot.left(), area.top(), slot.width(), kTextHeight), Qt::AlignCenter,
                formatPercent(share));
        p.setPen(QColor(0x33, 0x33, 0x33));
        p.drawText(QRectF(slot.left(), bottom, slot.width(), kTextHeight), Qt::AlignCenter,
            QFontMetricsF(small).elidedText(classLabel(c), Qt::ElideRight, slot.width()));
    }
}

QString ClassAccuracyStrip::explainAt(const QPoint& pos) const
{
    const int r = run();
    if (m_confusion.empty() || r < 0 || r >= static_cast<int>(m_confusion.size()))
        return {};
    const QRectF area(m_canvas->rect());
    const ConfusionMatrix& m = m_confusion[static_cast<std::size_t>(r)];
    for (int c = 0; c < m.classes; ++c) {
        if (!barSlot(c, area).contains(pos))
            continue;
        std::int64_t rows = 0;
        for (int p = 0; p < m.classes; ++p)
            rows += m.at(c, p);
        QString text = tr("class %1: %2 predicts %3 of its %4 rows right (%5)")
                           .arg(classLabel(c), m_runNames[static_cast<std::size_t>(r)])
                           .arg(m.at(c, c))
                           .arg(rows)
                           .arg(formatPercent(accuracy(r, c)));
        if (r != 0)
            text += QLatin1Char('\n')
                + tr("%1: %2 right (%3)")
                      .arg(m_runNames.front())
                      .arg(m_confusion.front().at(c, c))
                      .arg(formatPercent(accuracy(0, c)));
        return text;
    }
    return {};
}

} // namespace bitlab::ui
