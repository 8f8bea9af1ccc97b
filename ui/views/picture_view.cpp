#include "ui/views/picture_view.h"

#include "core/engine/lessons.h"
#include "ui/run_history.h"
#include "ui/views/drawn_canvas.h"
#include "ui/views/picture_file.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace bitlab::ui {

PictureView::PictureView(QWidget* parent)
    : ExperimentView(parent)
{
    m_run = new QComboBox(this);
    m_run->setObjectName(QStringLiteral("comparedRun"));
    m_run->setToolTip(tr("The run drawn beside the full-precision run"));
    m_run->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_controls = new QHBoxLayout;
    m_controls->setContentsMargins(8, 6, 8, 0);
    m_runLabel = new QLabel(tr("Compare with"), this);
    m_controls->addWidget(m_runLabel);
    m_controls->addWidget(m_run);
    m_controls->addStretch(1);
    // The canvas paints the view's picture and asks it what is under the pointer.
    m_canvas = new DrawnCanvas(
        this, [this](QPainter& p, const QRectF& area) { paintAll(p, area); },
        [this](const QPoint& pos) { return explainAt(pos, m_canvas->size()); });
    m_canvas->setObjectName(QStringLiteral("pictureCanvas"));
    m_canvas->setMinimumSize(480, 320);
    m_canvas->setAutoFillBackground(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(m_controls);
    layout->addWidget(m_canvas, 1);
    connect(m_run, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

void PictureView::setExperiment(const ExperimentInfo& info)
{
    m_info = info;
    m_hasInfo = true;
    m_infoPending = true;
    rebuildPicker();
    redraw();
}

void PictureView::refresh(const RunHistory& history, bool force)
{
    m_history = &history;
    if (history.generation() != m_generation) {
        m_generation = history.generation();
        if (!m_infoPending) {
            // A reset without a new experiment (another preset, Reset): nothing to show.
            m_hasInfo = false;
            m_info = {};
            rebuildPicker();
        }
        m_infoPending = false;
        force = true;
    }
    if (force || history.snapshotRevision() != m_drawnSnapshot) {
        m_drawnSnapshot = history.snapshotRevision();
        redraw();
    }
}

void PictureView::redraw()
{
    m_canvas->update();
}

void PictureView::setPickerVisible(bool visible)
{
    m_runLabel->setVisible(visible);
    m_run->setVisible(visible);
}

const LiveSnapshot* PictureView::snapshot() const
{
    if (!m_history || !m_hasInfo || m_infoPending)
        return nullptr;
    const LiveSnapshot& s = m_history->snapshot();
    return s.weights.size() == m_info.runNames.size() ? &s : nullptr;
}

QString PictureView::runName(int run) const
{
    return run >= 0 && run < static_cast<int>(m_info.runNames.size())
        ? m_info.runNames[static_cast<std::size_t>(run)]
        : QString();
}

void PictureView::rebuildPicker()
{
    const QSignalBlocker quiet(m_run); // refilling is not the user picking another run
    m_run->clear();
    int first = -1;
    for (int i = 1; i < static_cast<int>(m_info.runNames.size()); ++i) {
        m_run->addItem(m_info.runNames[static_cast<std::size_t>(i)], i);
        if (first < 0 && m_info.spec.runs.size() > static_cast<std::size_t>(i)
            && m_info.spec.runs[static_cast<std::size_t>(i)].quantizer)
            first = m_run->count() - 1;
    }
    if (const int lesson = m_run->findText(m_lessonRun); !m_lessonRun.isEmpty() && lesson >= 0)
        first = lesson;
    if (m_run->count() > 0)
        m_run->setCurrentIndex(std::max(0, first));
    m_run->setEnabled(m_run->count() > 1);
}

void PictureView::showLesson(const LessonView* view)
{
    m_lessonRun = view ? QString::fromStdString(view->boundaryRun) : QString();
    if (const int i = m_run->findText(m_lessonRun); !m_lessonRun.isEmpty() && i >= 0)
        m_run->setCurrentIndex(i);
}

int PictureView::comparedRun() const
{
    return m_run->count() > 0 ? m_run->currentData().toInt() : -1;
}

void PictureView::setComparedRun(int run)
{
    const int index = m_run->findData(run);
    if (index >= 0)
        m_run->setCurrentIndex(index);
}

QString PictureView::note() const
{
    if (!m_hasInfo)
        return beforeRun();
    return notApplicable();
}

QString PictureView::beforeRun() const
{
    return tr("Run the experiment (F5) and this view fills in as it trains.");
}

void PictureView::paintAll(QPainter& p, const QRectF& area) const
{
    p.fillRect(area, Qt::white);
    const QString why = note();
    if (!why.isEmpty()) {
        p.setPen(QColor(0x55, 0x55, 0x55));
        p.drawText(area.adjusted(40, 40, -40, -40), Qt::AlignCenter | Qt::TextWordWrap, why);
        return;
    }
    paintPicture(p, area);
}

QString PictureView::explainAt(const QPointF& pos, const QSizeF& size) const
{
    if (!note().isEmpty())
        return {};
    return explain(pos, QRectF(QPointF(0, 0), size));
}

QImage PictureView::renderImage(const QSize& size, double scale) const
{
    QImage image(size * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    paintAll(p, QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

bool PictureView::exportChart(int index, const QString& file, QString* error) const
{
    if (index != 0) {
        if (error)
            *error = tr("The %1 view has one chart.").arg(title());
        return false;
    }
    QSize size = m_canvas->size();
    if (size.width() < 640 || size.height() < 400)
        size = QSize(1100, 700);
    return writePicture(
        file, size, pictureTitle(), QString(),
        [this, size](QPainter& p) { paintAll(p, QRectF(QPointF(0, 0), QSizeF(size))); },
        [this, size] { return renderImage(size, 2.0); }, error);
}

} // namespace bitlab::ui
