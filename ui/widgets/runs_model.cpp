#include "ui/widgets/runs_model.h"

#include "core/engine/experiment.h"
#include "core/quant/quantizer.h"
#include "ui/run_palette.h"

#include <QBrush>
#include <QFont>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <algorithm>
#include <set>
#include <string_view>

namespace bitlab::ui {

namespace {
QIcon swatch(const QColor& color)
{
    QPixmap pm(14, 14);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(color.darker(130));
    p.setBrush(color);
    p.drawRoundedRect(QRectF(1, 1, 12, 12), 3, 3);
    return QIcon(pm);
}

// The words a run name may use to describe quantizer q (lower case): `grid` names the grid
// ("q4.3", "fixed8.3", "sym2", "int8", "binary"; for a full-precision run "fp64" and its
// kin), `detail` its mode, rounding and granularity.
struct GridWords {
    std::set<std::string> grid, detail;
};

GridWords gridWords(const std::optional<QuantizerSpec>& quantizer)
{
    GridWords w;
    if (!quantizer) {
        w.grid = { "fp64", "fp32", "float", "float64", "fp", "baseline" };
        return w;
    }
    const QuantizerSpec& q = *quantizer;
    const std::string b = std::to_string(q.bits);
    // Appended, not q.scheme + b: GCC 12's -Wrestrict misreads concatenated temporaries.
    const auto joined = [](std::string_view first, std::string_view second) {
        std::string out(first);
        out += second;
        return out;
    };
    w.grid = { q.scheme, joined(q.scheme, b), joined(b, "bit"), joined(b, "b"), joined("w", b) };
    if (const QuantizerInfo* info = findQuantizer(q.scheme); info && info->nameWords)
        for (std::string& word : info->nameWords(q))
            w.grid.insert(std::move(word));
    switch (q.mode) {
    case TrainingMode::PostUpdate:
        w.detail.insert({ "post", "post_update" });
        break;
    case TrainingMode::Ste:
        w.detail.insert({ "ste", "qat" });
        break;
    case TrainingMode::Ptq:
        w.detail.insert("ptq");
        break;
    }
    if (q.rounding == Rounding::Stochastic)
        w.detail.insert({ "sr", "stochastic" });
    else
        w.detail.insert({ "nearest", "rn" });
    if (q.granularity == Granularity::PerChannel)
        w.detail.insert({ "pc", "channel", "per_channel" });
    else
        w.detail.insert({ "tensor", "per_tensor" });
    return w;
}

// Whether `name` only describes quantizer q ("Q4.3-nearest", "sym2-ste-tensor", "fp64"):
// every '-'-separated word is one of q's words, and one of them names its grid.
bool nameDescribes(const std::string& name, const std::optional<QuantizerSpec>& q)
{
    const GridWords words = gridWords(q);
    bool grid = false;
    for (const QString& part : QString::fromStdString(name).toLower().split(QLatin1Char('-'))) {
        const std::string word = part.toStdString();
        const bool isGrid = words.grid.count(word) > 0;
        if (!isGrid && !words.detail.count(word))
            return false;
        grid = grid || isGrid;
    }
    return grid;
}
} // namespace

RunsModel::RunsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_rows.push_back(Row {});
}

int RunsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RunsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const QColor& RunsModel::badStatusColor()
{
    static const QColor color(0xB0, 0x30, 0x20);
    return color;
}

QVariant RunsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !isRun(index.row()))
        return {};
    const int row = index.row();
    const Row& r = m_rows[static_cast<std::size_t>(row)];
    switch (index.column()) {
    case NameColumn:
        switch (role) {
        case Qt::DisplayRole:
            return displayName(row);
        case Qt::EditRole: // an automatic name edits as empty
            return QString::fromStdString(r.spec.name);
        case Qt::DecorationRole:
            return swatch(RunPalette::color(row));
        case Qt::FontRole:
            if (r.spec.name.empty()) {
                QFont font;
                font.setItalic(true);
                return font;
            }
            return {};
        case Qt::ToolTipRole:
            return r.spec.name.empty() ? tr("Automatic name (rename to fix it)") : QVariant();
        }
        return {};
    case QuantizerColumn:
        if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
            return {};
        if (r.live) {
            RunSpec live = r.spec;
            live.quantizer = r.live->quantizer;
            if (role == Qt::DisplayRole)
                return tr("%1 (step %2)").arg(quantizerText(live)).arg(r.live->step);
            return tr("Since step %1 (changed while paused): %2\nAs written, and as Save writes "
                      "it: %3")
                .arg(r.live->step)
                .arg(quantizerText(live), quantizerText(r.spec));
        }
        return quantizerText(r.spec);
    case StatusColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return r.status;
        if (role == Qt::ForegroundRole && r.statusBad)
            return QBrush(badStatusColor());
        return {};
    }
    return {};
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Run");
    case QuantizerColumn:
        return tr("Quantizer");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

Qt::ItemFlags RunsModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NameColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool RunsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || !isRun(index.row()) || index.column() != NameColumn
        || role != Qt::EditRole)
        return false;
    m_rows[static_cast<std::size_t>(index.row())].spec.name
        = value.toString().trimmed().toStdString();
    rowChanged(index.row(), NameColumn, NameColumn);
    emit renamed(index.row());
    return true;
}

std::vector<RunSpec> RunsModel::runs() const
{
    std::vector<RunSpec> out;
    out.reserve(m_rows.size());
    for (const Row& r : m_rows)
        out.push_back(r.spec);
    return out;
}

void RunsModel::setRuns(const std::vector<RunSpec>& runs)
{
    beginResetModel();
    m_rows.clear();
    for (const RunSpec& spec : runs)
        m_rows.push_back(Row { spec, {}, false, std::nullopt });
    if (m_rows.empty())
        m_rows.push_back(Row {});
    endResetModel();
}

void RunsModel::insertRun(int row, const RunSpec& run)
{
    row = std::clamp(row, 0, rowCount());
    beginInsertRows({}, row, row);
    m_rows.insert(m_rows.begin() + row, Row { run, {}, false, std::nullopt });
    endInsertRows();
    // The colours follow the row: the runs below have moved to another one.
    if (row + 1 < rowCount())
        emit dataChanged(
            index(row + 1, NameColumn), index(rowCount() - 1, NameColumn), { Qt::DecorationRole });
}

void RunsModel::removeRun(int row)
{
    if (!isRun(row) || rowCount() <= 1)
        return;
    beginRemoveRows({}, row, row);
    m_rows.erase(m_rows.begin() + row);
    endRemoveRows();
    if (row < rowCount())
        emit dataChanged(
            index(row, NameColumn), index(rowCount() - 1, NameColumn), { Qt::DecorationRole });
}

void RunsModel::setQuantizer(int row, const std::optional<QuantizerSpec>& quantizer)
{
    if (!isRun(row))
        return;
    RunSpec& spec = m_rows[static_cast<std::size_t>(row)].spec;
    // A name that only described the old grid ("Q4.3-nearest" after fraction bits 4, or a
    // switch to affine) would now mislead: it becomes automatic, and so follows the grid.
    if (!spec.name.empty() && nameDescribes(spec.name, spec.quantizer)
        && !nameDescribes(spec.name, quantizer))
        spec.name.clear();
    // per_tensor entries follow the run's new quantizer, keeping their own bits and
    // observer where the new scheme reads them (activations: their bits and learning);
    // without a quantizer there are none.
    for (TensorQuantizer& t : spec.perTensor) {
        if (!quantizer)
            break;
        QuantizerSpec own = *quantizer;
        if (isActivationTensorName(t.tensor)) {
            // A hidden activation keeps its bits, and its learning while the mode can learn.
            own.activationBits = t.spec.activationBits;
            if (own.mode == TrainingMode::Ste)
                own.learn = t.spec.learn;
            t.spec = own;
            continue;
        }
        if (const QuantizerInfo* info = findQuantizer(own.scheme); info && info->hasBits)
            own.bits = std::clamp(t.spec.bits, info->minBitsFor(own), info->maxBits);
        if (observerApplies(own))
            own.observer = t.spec.observer;
        t.spec = own;
    }
    if (!quantizer)
        spec.perTensor.clear();
    spec.quantizer = quantizer;
    rowChanged(row, NameColumn, QuantizerColumn); // an automatic name follows the quantizer
}

void RunsModel::setPerTensor(int row, const std::vector<TensorQuantizer>& perTensor)
{
    if (!isRun(row))
        return;
    m_rows[static_cast<std::size_t>(row)].spec.perTensor = perTensor;
    rowChanged(row, NameColumn, QuantizerColumn);
}

void RunsModel::setRoundedQuantities(int row, const std::optional<QuantizerSpec>& gradients,
    const std::optional<QuantizerSpec>& state)
{
    if (!isRun(row))
        return;
    RunSpec& spec = m_rows[static_cast<std::size_t>(row)].spec;
    spec.gradientQuantizer = gradients;
    spec.stateQuantizer = state;
    rowChanged(row, NameColumn, QuantizerColumn);
}

QString RunsModel::displayName(int row) const
{
    const RunSpec& r = run(row);
    return QString::fromStdString(r.name.empty() ? defaultRunName(r) : r.name);
}

QString RunsModel::problem() const
{
    if (m_rows.empty())
        return tr("Add at least one run.");
    std::set<QString> seen;
    for (int i = 0; i < rowCount(); ++i) {
        const QString name = displayName(i);
        if (!seen.insert(name).second)
            return tr("Two runs are named “%1”: rename one (double-click its name).").arg(name);
    }
    return {};
}

void RunsModel::setStatus(int row, const QString& text, bool bad)
{
    if (!isRun(row))
        return;
    Row& r = m_rows[static_cast<std::size_t>(row)];
    r.status = text;
    r.statusBad = bad;
    rowChanged(row, StatusColumn, StatusColumn);
}

void RunsModel::clearStatuses()
{
    for (Row& r : m_rows) {
        r.status.clear();
        r.statusBad = false;
    }
    if (rowCount() > 0)
        emit dataChanged(index(0, StatusColumn), index(rowCount() - 1, StatusColumn));
}

void RunsModel::setLiveQuantizer(int row, const QuantizerSpec& quantizer, qint64 step)
{
    if (!isRun(row))
        return;
    m_rows[static_cast<std::size_t>(row)].live = LiveChange { quantizer, step };
    rowChanged(row, QuantizerColumn, QuantizerColumn);
}

void RunsModel::clearLiveQuantizers()
{
    for (Row& r : m_rows)
        r.live.reset();
    if (rowCount() > 0)
        emit dataChanged(index(0, QuantizerColumn), index(rowCount() - 1, QuantizerColumn));
}

std::optional<QuantizerSpec> RunsModel::effectiveQuantizer(int row) const
{
    if (!isRun(row))
        return std::nullopt;
    const Row& r = m_rows[static_cast<std::size_t>(row)];
    return r.live ? std::optional<QuantizerSpec>(r.live->quantizer) : r.spec.quantizer;
}

std::optional<qint64> RunsModel::liveChangeStep(int row) const
{
    if (!isRun(row) || !m_rows[static_cast<std::size_t>(row)].live)
        return std::nullopt;
    return m_rows[static_cast<std::size_t>(row)].live->step;
}

QString RunsModel::roundedText(const RunSpec& run)
{
    // " · gradients bf16 · state e4m3": what else the run rounds, by the engine's tags.
    const auto tag = [](const std::optional<QuantizerSpec>& q) {
        const QuantizerInfo* info = findQuantizer(q->scheme);
        return QString::fromStdString(info ? info->tag(*q) : q->scheme)
            + (q->rounding == Rounding::Stochastic ? QStringLiteral(" sr") : QString());
    };
    QString text;
    if (run.gradientQuantizer)
        text += QStringLiteral(" · ") + tr("gradients %1").arg(tag(run.gradientQuantizer));
    if (run.stateQuantizer)
        text += QStringLiteral(" · ") + tr("state %1").arg(tag(run.stateQuantizer));
    return text;
}

QString RunsModel::quantizerText(const RunSpec& run)
{
    if (!run.quantizer)
        return tr("full precision") + roundedText(run);
    const QuantizerSpec& q = *run.quantizer;
    const QuantizerInfo* info = findQuantizer(q.scheme);
    QString text = QString::fromStdString(q.scheme);
    if (!info || info->hasBits)
        text += QStringLiteral(" %1b").arg(q.bits);
    if (info && info->usesFracBits)
        text += QStringLiteral(" f%1").arg(q.fracBits);
    text += QStringLiteral(" · ") + QString::fromUtf8(toString(q.mode));
    return text + roundedText(run);
}

void RunsModel::rowChanged(int row, int firstColumn, int lastColumn)
{
    emit dataChanged(index(row, firstColumn), index(row, lastColumn));
}

} // namespace bitlab::ui
