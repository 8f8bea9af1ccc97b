#include "ui/views/weights_view.h"

#include "ui/experiment_info.h"
#include "ui/run_history.h"
#include "ui/views/tensor_strip_widget.h"
#include "ui/views/weight_plane_widget.h"

#include <QComboBox>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QScopedValueRollback>
#include <QStackedWidget>
#include <QSvgGenerator>
#include <QTimer>
#include <QVBoxLayout>
#include <array>
#include <functional>
#include <memory>

namespace bitlab::ui {

namespace {

// Draws `paint` into file: SVG (vectors, text kept as text) or PNG at twice the size.
bool exportPicture(const std::function<void(QPainter&, const QRectF&)>& paint, QSize size,
    const QString& file, const QString& title, QString* error)
{
    const QRectF rect(QPointF(0, 0), QSizeF(size));
    if (QFileInfo(file).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator svg;
        svg.setFileName(file);
        svg.setSize(size);
        svg.setViewBox(rect);
        svg.setTitle(title);
        svg.setDescription(WeightsView::tr("BitLab"));
        QPainter p;
        if (!p.begin(&svg)) {
            if (error)
                *error = WeightsView::tr("Cannot write %1.").arg(file);
            return false;
        }
        paint(p, rect);
        p.end();
        if (!QFileInfo::exists(file)) {
            if (error)
                *error = WeightsView::tr("Cannot write %1.").arg(file);
            return false;
        }
        return true;
    }
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2.0);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        paint(p, rect);
    }
    if (!image.save(file, "PNG")) {
        if (error)
            *error = WeightsView::tr("Cannot write %1.").arg(file);
        return false;
    }
    return true;
}

} // namespace

WeightsView::WeightsView(QWidget* parent)
    : ExperimentView(parent)
{
    m_picture = new QComboBox;
    m_picture->setObjectName(QStringLiteral("weightsPicture"));
    m_picture->setToolTip(tr("The weight plane needs a model with exactly two weights (w and b); "
                             "the tensor strips work for any model."));
    m_run = new QComboBox;
    m_run->setObjectName(QStringLiteral("weightsRun"));
    m_run->setToolTip(tr("Whose weights and grid the strips show"));
    m_tensor = new QComboBox;
    m_tensor->setObjectName(QStringLiteral("weightsTensor"));
    m_tensor->setToolTip(tr("Which tensor of the model"));
    m_channel = new QComboBox;
    m_channel->setObjectName(QStringLiteral("weightsChannel"));
    m_channel->setToolTip(tr("Per-channel grids: each output channel has its own scale"));
    m_block = new QComboBox;
    m_block->setObjectName(QStringLiteral("weightsBlock"));
    m_block->setToolTip(tr("Block formats (MX, NVFP4): each block of consecutive weights along "
                           "a row has its own scale, so its own grid"));
    for (QComboBox* c : { m_picture, m_run, m_tensor, m_channel, m_block })
        c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_runLabel = new QLabel(tr("Run:"));
    m_tensorLabel = new QLabel(tr("Tensor:"));
    m_channelLabel = new QLabel(tr("Channel:"));
    m_blockLabel = new QLabel(tr("Block:"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 6, 8, 0);
    bar->addWidget(new QLabel(tr("Show:")));
    bar->addWidget(m_picture);
    bar->addSpacing(16);
    bar->addWidget(m_runLabel);
    bar->addWidget(m_run);
    bar->addSpacing(8);
    bar->addWidget(m_tensorLabel);
    bar->addWidget(m_tensor);
    bar->addSpacing(8);
    bar->addWidget(m_channelLabel);
    bar->addWidget(m_channel);
    bar->addSpacing(8);
    bar->addWidget(m_blockLabel);
    bar->addWidget(m_block);
    bar->addStretch(1);

    m_plane = new WeightPlaneWidget;
    m_strips = new TensorStripWidget;
    m_stack = new QStackedWidget;
    m_stack->addWidget(m_plane);
    m_stack->addWidget(m_strips);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);

    connect(m_plane, &WeightPlaneWidget::surfaceWanted, this, [this](const QRectF& r, int size) {
        emit lossSurfaceRequested(r.left(), r.right(), r.top(), r.bottom(), size);
    });
    connect(m_picture, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updating)
            applySelection();
    });
    connect(m_strips, &TensorStripWidget::blockClicked, this, &WeightsView::selectBlock);
    for (QComboBox* c : { m_run, m_tensor, m_channel, m_block })
        connect(c, &QComboBox::currentIndexChanged, this, [this] {
            if (m_updating)
                return;
            applySelection();
            if (m_history)
                refresh(*m_history, true);
        });
    setExperiment(ExperimentInfo {});
}

void WeightsView::setExperiment(const ExperimentInfo& info)
{
    {
        const QScopedValueRollback<bool> updating(m_updating, true);
        m_planeAvailable = info.parameterCount == 2;
        m_quantizers.clear();
        for (const RunSpec& r : info.spec.runs)
            m_quantizers.push_back(r.quantizer);
        m_plane->setRuns(m_quantizers);
        m_plane->setTrainRows(info.trainRows);
        m_plane->clear();
        m_strips->clear();
        m_picture->clear();
        if (m_planeAvailable)
            m_picture->addItem(tr("Weight plane (w, b)"));
        m_picture->addItem(tr("Tensor strips"));
        m_run->clear();
        int firstQuantized = -1;
        for (std::size_t i = 0; i < info.runNames.size(); ++i) {
            m_run->addItem(info.runNames[i]);
            if (firstQuantized < 0 && i < m_quantizers.size() && m_quantizers[i])
                firstQuantized = static_cast<int>(i);
        }
        m_run->setCurrentIndex(std::max(0, firstQuantized));
        m_tensor->clear();
        m_channel->clear();
        m_block->clear();
        m_blockKey = {};
    }
    m_drawnRevision = ~0ull;
    applySelection();
}

void WeightsView::showPlane(bool plane)
{
    m_picture->setCurrentIndex(plane && m_planeAvailable ? 0 : m_picture->count() - 1);
    applySelection();
}

void WeightsView::selectStrip(int run, int tensor, int channel)
{
    // Run first, then the tensors of that run, then the channels of that tensor.
    auto pick = [this](QComboBox* combo, int index) {
        const QScopedValueRollback<bool> updating(m_updating, true);
        if (index < combo->count())
            combo->setCurrentIndex(index);
    };
    {
        const QScopedValueRollback<bool> updating(m_updating, true);
        showPlane(false);
    }
    pick(m_run, run);
    if (m_history)
        updatePickers(*m_history);
    pick(m_tensor, tensor);
    if (m_history)
        updatePickers(*m_history);
    pick(m_channel, channel);
    applySelection();
    if (m_history)
        refresh(*m_history, true);
}

void WeightsView::selectBlock(int block)
{
    // Item 0 is the whole tensor; block b is item b + 1.
    if (block + 1 < m_block->count())
        m_block->setCurrentIndex(std::max(0, block + 1)); // refreshes through its signal
}

void WeightsView::applySelection()
{
    const bool plane = m_planeAvailable && m_picture->currentIndex() == 0;
    m_stack->setCurrentWidget(plane ? static_cast<QWidget*>(m_plane) : m_strips);
    for (QWidget* w : { static_cast<QWidget*>(m_run), static_cast<QWidget*>(m_runLabel),
             static_cast<QWidget*>(m_tensor), static_cast<QWidget*>(m_tensorLabel) })
        w->setVisible(!plane);
    const bool channels = !plane && m_channel->count() > 1;
    m_channel->setVisible(channels);
    m_channelLabel->setVisible(channels);
    const bool blocks = !plane && m_block->count() > 1;
    m_block->setVisible(blocks);
    m_blockLabel->setVisible(blocks);
    m_strips->setSelection(std::max(0, m_run->currentIndex()),
        std::max(0, m_tensor->currentIndex()), std::max(0, m_channel->currentIndex()),
        m_block->currentIndex() - 1);
}

void WeightsView::updatePickers(const RunHistory& history)
{
    const LiveSnapshot& snap = history.snapshot();
    const int run = std::max(0, m_run->currentIndex());
    const WeightSnapshot* w = nullptr;
    for (const WeightSnapshot& s : snap.weights)
        if (s.run == run)
            w = &s;
    if (!w)
        return;
    QStringList names;
    for (const TensorSnapshot& t : w->tensors) {
        QStringList dims;
        for (Index d : t.shape)
            dims << QString::number(d);
        names << tr("%1 [%2]").arg(QString::fromStdString(t.name), dims.join(QStringLiteral("×")));
    }
    bool changed = false;
    {
        const QScopedValueRollback<bool> updating(m_updating, true);
        QStringList current;
        for (int i = 0; i < m_tensor->count(); ++i)
            current << m_tensor->itemText(i);
        if (current != names) {
            const int keep = m_tensor->currentIndex();
            m_tensor->clear();
            m_tensor->addItems(names);
            m_tensor->setCurrentIndex(keep >= 0 && keep < names.size() ? keep : 0);
            changed = true;
        }
        const int tensor = std::max(0, m_tensor->currentIndex());
        int channels = 1;
        if (tensor < static_cast<int>(w->tensors.size())) {
            const TensorSnapshot& t = w->tensors[static_cast<std::size_t>(tensor)];
            if (t.quantized)
                channels = static_cast<int>(t.quant.channels());
        }
        if (m_channel->count() != (channels > 1 ? channels : 0)) {
            const int keep = m_channel->currentIndex();
            m_channel->clear();
            if (channels > 1)
                for (int c = 0; c < channels; ++c)
                    m_channel->addItem(tr("%1").arg(c));
            m_channel->setCurrentIndex(keep >= 0 && keep < channels ? keep : 0);
            changed = true;
        }
        // Block-scaled tensors: the whole tensor, then every block row by row (at most
        // kMaxBlockItems of them: the band's clicks reach the same blocks).
        // Rebuilt only when the blocks' layout changes (not at every snapshot).
        std::array<Index, 4> key { 0, 0, 0, 0 };
        if (tensor < static_cast<int>(w->tensors.size())) {
            const TensorSnapshot& t = w->tensors[static_cast<std::size_t>(tensor)];
            if (t.quantized && t.quant.block > 0 && t.quant.blockScale.cols() > 0)
                key = { t.values.rows(), t.values.cols(), t.quant.blockScale.cols(),
                    t.quant.block };
        }
        if (key != m_blockKey) {
            m_blockKey = key;
            const auto [rows, cols, perRow, size] = key;
            QStringList blocks;
            if (perRow > 0) {
                blocks << tr("whole tensor");
                constexpr Index kMaxBlockItems = 4096;
                for (Index k = 0; k < std::min(kMaxBlockItems, rows * perRow); ++k) {
                    const Index r = k / perRow, b = k % perRow;
                    blocks << tr("row %1, block %2 (columns %3–%4)")
                                  .arg(r)
                                  .arg(b)
                                  .arg(b * size)
                                  .arg(std::min(cols, (b + 1) * size) - 1);
                }
            }
            m_block->clear();
            m_block->addItems(blocks);
            m_block->setCurrentIndex(0); // another layout: the whole tensor first
            changed = true;
        }
    }
    if (changed)
        applySelection();
}

quint32 WeightsView::snapshotParts() const
{
    return kSnapshotWeights;
}

void WeightsView::refresh(const RunHistory& history, bool force)
{
    m_history = &history;
    if (history.generation() != m_generation) {
        m_generation = history.generation();
        m_plane->clear();
        m_strips->clear();
        force = true;
    }
    if (!force && history.revision() == m_drawnRevision)
        return;
    m_drawnRevision = history.revision();
    updatePickers(history);
    m_strips->updateFrom(history);
    if (m_planeAvailable)
        m_plane->updateFrom(history);
}

QStringList WeightsView::chartNames() const
{
    if (m_planeAvailable)
        return { QStringLiteral("weights-plane"), QStringLiteral("weights-strips") };
    return { QStringLiteral("weights-strips") };
}

int WeightsView::currentChart() const
{
    return m_planeAvailable && m_stack->currentWidget() == m_strips ? 1 : 0;
}

bool WeightsView::exportChart(int index, const QString& file, QString* error) const
{
    const QStringList names = chartNames();
    if (index < 0 || index >= names.size()) {
        if (error)
            *error = tr("There is no weights chart number %1.").arg(index);
        return false;
    }
    const bool plane = names[index] == QLatin1String("weights-plane");
    QWidget* w = plane ? static_cast<QWidget*>(m_plane) : m_strips;
    // The size on screen when it is shown, else a comfortable default.
    QSize size
        = w->isVisible() && w->width() >= 640 && w->height() >= 420 ? w->size() : QSize(1100, 720);
    if (plane)
        return exportPicture([this](QPainter& p, const QRectF& r) { m_plane->paint(p, r); }, size,
            file, tr("Weight plane"), error);
    return exportPicture([this](QPainter& p, const QRectF& r) { m_strips->paint(p, r); }, size,
        file, tr("Weights over their grid"), error);
}

void WeightsView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(tr("Export as PNG…"), this, [this] { exportWithDialog(QStringLiteral("png")); });
    menu.addAction(tr("Export as SVG…"), this, [this] { exportWithDialog(QStringLiteral("svg")); });
    menu.exec(event->globalPos());
}

void WeightsView::exportWithDialog(const QString& suffix)
{
    const QString name = chartNames().value(currentChart());
    const QString file
        = QFileDialog::getSaveFileName(this, tr("Export chart"), name + QLatin1Char('.') + suffix,
            suffix == QLatin1String("svg") ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!exportChart(currentChart(), file, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

void WeightsView::prepareScreenshot(std::function<void()> done)
{
    // The surface is computed by the worker after the final refresh asked for it; poll for
    // it so a headless screenshot does not show "computing".
    if (m_stack->currentWidget() != m_plane || m_plane->hasSurface()) {
        done();
        return;
    }
    auto* poll = new QTimer(this);
    auto waited = std::make_shared<int>(0);
    connect(poll, &QTimer::timeout, this, [this, poll, waited, done] {
        *waited += 50;
        if (!m_plane->hasSurface() && *waited < 5000)
            return;
        poll->deleteLater();
        if (m_history)
            refresh(*m_history, true);
        done();
    });
    poll->start(50);
}

} // namespace bitlab::ui
