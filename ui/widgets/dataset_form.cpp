#include "ui/widgets/dataset_form.h"

#include "core/common/regular_file.h"
#include "core/data/generators.h"
#include "core/data/real_datasets.h"
#include "ui/core_text.h"
#include "ui/widgets/dataset_loader.h"
#include "ui/widgets/form_util.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QTableWidget>
#include <algorithm>
#include <limits>

namespace bitlab::ui {

namespace {
constexpr int kPreviewRows = 4;
const QString kBuiltinPrefix = QStringLiteral("builtin:");

// MNIST's CSV layout puts the class first, in a column named "label": the name of the first
// header cell when it is that (any case), else "". Reads the first line only.
QString labelFirstColumn(const QString& path)
{
    // Through RegularFile, as every read of a user's file: a FIFO must not block the window
    // (the CSV reader reports why it is refused).
    bitlab::RegularFile regular(path.toStdString());
    if (!regular.ok())
        return {};
    QFile file;
    if (!file.open(regular.release(), QIODevice::ReadOnly, QFileDevice::AutoCloseHandle))
        return {};
    QString line = QString::fromUtf8(file.readLine(1 << 16));
    if (line.startsWith(QChar(0xFEFF)))
        line.remove(0, 1);
    const qsizetype end = line.indexOf(QRegularExpression(QStringLiteral("[,;\t\r\n]")));
    QString cell = line.left(end < 0 ? line.size() : end).trimmed();
    if (cell.size() >= 2 && cell.startsWith(QLatin1Char('"')) && cell.endsWith(QLatin1Char('"')))
        cell = cell.mid(1, cell.size() - 2);
    return cell.compare(QStringLiteral("label"), Qt::CaseInsensitive) == 0 ? cell : QString();
}
} // namespace

DatasetForm::~DatasetForm() = default;

DatasetForm::DatasetForm(QWidget* parent)
    : PanelForm(tr("Dataset"), parent)
{
    m_source = new QComboBox(this);
    for (const DatasetInfo& d : datasetRegistry()) {
        m_source->addItem(qs(d.name), kBuiltinPrefix + qs(d.name));
        m_source->setItemData(m_source->count() - 1,
            CoreText::text(d.description) + tr("\nTask: %1").arg(CoreText::text(toString(d.task))),
            Qt::ToolTipRole);
    }
    m_source->setToolTip(
        tr("A built-in generator (hover an entry for its formula) or a CSV file."));
    m_browse = new QPushButton(tr("CSV…"), this);
    m_browse->setToolTip(tr("Load a CSV file (or drop one on the window). The header is "
                            "detected; the target is the last column unless you pick another."));
    auto* sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_source, 1);
    sourceRow->addWidget(m_browse);
    m_sourceHelp = new QLabel(this);
    m_sourceHelp->setWordWrap(true);
    m_sourceHelp->setStyleSheet(QStringLiteral("color: palette(dark);"));

    m_target = new QComboBox(this);
    m_target->setToolTip(tr("The column to predict; every other column is a feature."));
    m_task = new QComboBox(this);
    m_task->addItem(tr("auto"), QStringLiteral("auto"));
    for (Task t : { Task::Regression, Task::Binary, Task::Multiclass })
        m_task->addItem(CoreText::text(toString(t)), QString::fromUtf8(toString(t)));
    m_task->setToolTip(tr("auto: numeric targets with few distinct integer values, and text "
                          "targets, are classes; other numeric targets are regression.\n"
                          "Pick a task to override the detection."));
    m_detected = new QLabel(this);
    m_detected->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_detected->setWordWrap(true);
    auto* taskRow = new QHBoxLayout;
    taskRow->addWidget(m_task);
    taskRow->addWidget(m_detected, 1);
    m_previewTable = new QTableWidget(this);
    m_previewTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_previewTable->verticalHeader()->setDefaultSectionSize(20);
    m_previewTable->verticalHeader()->setVisible(false);
    m_previewTable->horizontalHeader()->setDefaultSectionSize(72);
    m_previewTable->setFixedHeight(20 * kPreviewRows + 44);
    m_previewTable->setToolTip(tr("The first rows as the loader reads them (the target last)."));
    m_imageRow = new QWidget(this);
    m_image = new QCheckBox(tr("Images"), m_imageRow);
    m_image->setToolTip(tr("Each row's features are the pixels of an image, row by row "
                           "(dataset.image_shape): the Images tab then draws the samples and "
                           "the first layer's weights as pictures.\nA feature count that is a "
                           "perfect square (784 = 28 × 28) suggests the shape: check to accept "
                           "it, or edit the sizes."));
    m_imageRows = new QSpinBox(m_imageRow);
    m_imageCols = new QSpinBox(m_imageRow);
    for (QSpinBox* box : { m_imageRows, m_imageCols }) {
        box->setRange(1, kMaxImageSide);
        box->setToolTip(m_image->toolTip());
    }
    m_image->setObjectName(QStringLiteral("imageShape"));
    m_imageRows->setObjectName(QStringLiteral("imageRows"));
    m_imageCols->setObjectName(QStringLiteral("imageCols"));
    m_imageNote = new QLabel(m_imageRow);
    m_imageNote->setStyleSheet(QStringLiteral("color: palette(dark);"));
    auto* imageLayout = new QHBoxLayout(m_imageRow);
    imageLayout->setContentsMargins(0, 0, 0, 0);
    imageLayout->addWidget(m_image);
    imageLayout->addWidget(m_imageRows);
    imageLayout->addWidget(new QLabel(QStringLiteral("×"), m_imageRow));
    imageLayout->addWidget(m_imageCols);
    imageLayout->addWidget(m_imageNote, 1);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(
        QStringLiteral("QLabel { color: #8a1c10; background: #fdecea; border: 1px solid #f2b8b0;"
                       " border-radius: 3px; padding: 4px; }"));
    m_errorLabel->setVisible(false);

    m_form = new QFormLayout(this);
    m_form->addRow(tr("Source"), sourceRow);
    m_form->addRow(m_sourceHelp);
    auto edited = [this] { fieldChanged(); };
    // The numbers and flags are rows of the registries' tables (label, help, exact range).
    m_generatorRows
        = std::make_unique<FieldRows<DatasetSpec>>(generatorFields(), m_form, this, edited);
    m_form->addRow(tr("Target"), m_target);
    m_form->addRow(tr("Task"), taskRow);
    m_splitRows = std::make_unique<FieldRows<DatasetSpec>>(datasetFields(), m_form, this, edited);
    m_form->addRow(m_imageRow);
    m_form->addRow(m_errorLabel);
    m_form->addRow(m_previewTable);

    connect(m_browse, &QPushButton::clicked, this, &DatasetForm::browseCsvRequested);
    connect(m_source, &QComboBox::currentIndexChanged, this, &DatasetForm::sourceChosen);
    for (QComboBox* c : { m_target, m_task })
        connect(c, &QComboBox::currentIndexChanged, this, edited);
    connect(m_image, &QCheckBox::toggled, this, edited);
    for (QSpinBox* box : { m_imageRows, m_imageCols })
        connect(box, &QSpinBox::valueChanged, this, edited);
}

void DatasetForm::sourceChosen()
{
    if (isFilling())
        return;
    {
        // A different generator starts from its own defaults.
        const auto guard = filling();
        m_target->clear();
        DatasetSpec fresh;
        fresh.source = m_source->currentData().toString().toStdString();
        m_generatorRows->write(withGeneratorDefaults(fresh));
        // A real dataset starts with its held-out share (a quarter of the rows).
        if (const DatasetInfo* info = findDataset(fresh.builtinName()); info && info->real) {
            if (const RealDatasetInfo* real = findRealDataset(info->name)) {
                DatasetSpec split;
                m_splitRows->read(split);
                split.testFraction = real->defaultTestFraction;
                m_splitRows->write(split);
            }
        }
    }
    emit edited();
}

void DatasetForm::write(const ExperimentSpec& spec)
{
    const auto guard = filling();
    const DatasetSpec& d = spec.dataset;
    const QString source = qs(d.source);
    int index = m_source->findData(source);
    if (index < 0) {
        // A CSV: one entry for the current file after the built-ins.
        const int builtins = static_cast<int>(datasetRegistry().size());
        while (m_source->count() > builtins)
            m_source->removeItem(builtins);
        m_source->addItem(tr("CSV: %1").arg(QFileInfo(source).fileName()), source);
        m_source->setItemData(builtins, source, Qt::ToolTipRole);
        index = builtins;
    }
    m_source->setCurrentIndex(index);
    m_generatorRows->write(withGeneratorDefaults(d));
    selectData(m_task, qs(d.task));
    m_splitRows->write(d);
    m_image->setChecked(d.imageRows > 0);
    if (d.imageRows > 0) {
        m_imageRows->setValue(d.imageRows);
        m_imageCols->setValue(d.imageCols);
    }
}

void DatasetForm::read(ExperimentSpec& spec) const
{
    DatasetSpec& d = spec.dataset;
    const std::string source = m_source->currentData().toString().toStdString();
    if (source != d.source)
        d.target.clear();
    d.source = source;
    // A generator's parameters are all written out (those it does not use stay unset);
    // a CSV has none.
    d = withGeneratorDefaults(d);
    if (findDataset(d.builtinName()))
        m_generatorRows->read(d);
    for (const auto& f : generatorFields())
        if (!f.appliesTo(d))
            f.set(d, FieldValue {});
    if (findDataset(d.builtinName())) {
        d.target.clear();
    } else {
        if (m_target->currentIndex() >= 0)
            d.target = m_target->currentData().toString().toStdString();
    }
    d.task = m_task->currentData().toString().toStdString();
    m_splitRows->read(d);
    const bool images = !d.isBuiltin() && m_image->isChecked();
    d.imageRows = images ? m_imageRows->value() : 0;
    d.imageCols = images ? m_imageCols->value() : 0;
}

void DatasetForm::refresh(const ExperimentSpec& spec)
{
    const auto guard = filling();
    refreshPreview(spec);
    refreshParams(spec);
}

void DatasetForm::refreshParams(const ExperimentSpec& spec)
{
    const DatasetInfo* info = findDataset(spec.dataset.builtinName());
    const bool builtin = info != nullptr;
    m_generatorRows->refresh(spec.dataset);
    m_shown = spec.dataset;
    m_form->setRowVisible(m_target, !builtin);
    m_form->setRowVisible(m_imageRow, !builtin);
    for (QSpinBox* box : { m_imageRows, m_imageCols })
        box->setEnabled(m_image->isChecked());
    m_sourceHelp->setText(builtin ? CoreText::text(info->description) : qs(spec.dataset.source));
    m_sourceHelp->setToolTip(m_sourceHelp->text());
}

bool DatasetForm::hasInvalidNumber() const
{
    return !m_generatorRows->allValid(m_shown) || !m_splitRows->allValid(m_shown);
}

std::optional<Task> DatasetForm::effectiveTask(const ExperimentSpec& spec) const
{
    if (const auto t = taskFromString(spec.dataset.task))
        return t;
    if (m_preview)
        return m_preview->task;
    return std::nullopt;
}

QString DatasetForm::previewKey(const ExperimentSpec& spec)
{
    const DatasetSpec& d = spec.dataset;
    QString key
        = qs(d.source) + QLatin1Char('|') + qs(d.target) + QLatin1Char('|') + qs(spec.baseDir);
    if (d.isBuiltin())
        key += QStringLiteral("|%1|%2|%3|%4|%5")
                   .arg(d.samples.value_or(-1))
                   .arg(d.noise.value_or(-1))
                   .arg(d.seed.value_or(0))
                   .arg(d.classes.value_or(-1))
                   .arg(d.features.value_or(-1));
    return key;
}

void DatasetForm::takePreview(const QString& key, DatasetPreview preview)
{
    m_previewKey = key;
    m_preview = std::move(preview.dataset);
    m_error = preview.error;
    m_columns = std::move(preview.columns);
    m_previewShown = false;
}

bool DatasetForm::loadCsv(const QString& path, ExperimentSpec& next)
{
    next.dataset = DatasetSpec {};
    next.dataset.source = QFileInfo(path).absoluteFilePath().toStdString();
    next.baseDir.clear();
    next.dataset.target = labelFirstColumn(path).toStdString();
    // Load before switching, so that a cancelled load leaves the panel as it was. Always
    // from the file: the user may have changed it since it was last previewed.
    DatasetPreview preview = DatasetLoader::load(this, next.dataset, next.baseDir);
    if (preview.cancelled)
        return false;
    // The panel names the target the loader picked (the last column), and the preview is
    // filed under that name: otherwise the next refresh would see a new key and read the
    // whole file a second time.
    if (next.dataset.target.empty() && preview.dataset)
        next.dataset.target = preview.dataset->targetName;
    takePreview(previewKey(next), std::move(preview));
    return true;
}

void DatasetForm::refreshPreview(const ExperimentSpec& spec)
{
    const DatasetSpec& d = spec.dataset;
    const QString key = previewKey(spec);
    if (key != m_previewKey) {
        DatasetPreview preview = DatasetLoader::load(this, d, spec.baseDir);
        if (preview.cancelled) {
            preview = {};
            preview.error = tr("Loading %1 was cancelled; open it again to load it.")
                                .arg(QFileInfo(qs(d.source)).fileName());
        }
        takePreview(key, std::move(preview));
    }
    if (m_previewShown)
        return;
    m_previewShown = true;
    showPreview(d);
}

void DatasetForm::showPreview(const DatasetSpec& d)
{
    m_errorLabel->setText(m_error);
    m_errorLabel->setVisible(!m_error.isEmpty());
    m_previewTable->clear();
    m_previewTable->setRowCount(0);
    m_previewTable->setColumnCount(0);
    m_target->clear();
    if (!m_preview) {
        for (const CsvColumnInfo& c : m_columns)
            m_target->addItem(qs(c.name), qs(c.name));
        // No target named: the loader's default, the last column.
        selectData(m_target,
            d.target.empty() && !m_columns.empty() ? qs(m_columns.back().name) : qs(d.target));
        m_detected->setText(tr("(dataset not loaded)"));
        m_previewTable->setVisible(false);
        return;
    }
    const Dataset& ds = *m_preview;
    m_detected->setText(
        tr("detected: %1 · %2 rows · %3 features%4")
            .arg(CoreText::text(toString(ds.task)))
            .arg(ds.rows())
            .arg(ds.features())
            .arg(ds.task == Task::Regression ? QString() : tr(" · %1 classes").arg(ds.classes())));
    if (!d.isBuiltin()) {
        // The target picker lists every column; the loader's choice is selected.
        for (const std::string& f : ds.featureNames)
            m_target->addItem(qs(f), qs(f));
        m_target->addItem(qs(ds.targetName), qs(ds.targetName));
        selectData(m_target, qs(ds.targetName));
    }
    showImageShape(d);
    showPreviewTable(ds);
}

void DatasetForm::showImageShape(const DatasetSpec& d)
{
    m_imageNote->clear();
    if (d.isBuiltin() || !m_preview)
        return;
    const ImageShape suggested = suggestedImageShape(m_preview->features());
    if (d.imageRows > 0)
        return; // the user's (or the file's) shape stays as it is
    // Unchecked: the sizes offer what the column count suggests, one pixel row otherwise.
    m_imageRows->setValue(suggested.empty() ? 1 : suggested.rows);
    m_imageCols->setValue(suggested.empty()
            ? static_cast<int>(std::clamp<Index>(m_preview->features(), 1, kMaxImageSide))
            : suggested.cols);
    if (!suggested.empty())
        m_imageNote->setText(tr("suggested by %1 features").arg(m_preview->features()));
}

void DatasetForm::showPreviewTable(const Dataset& ds)
{
    auto typeOf = [this](const std::string& name) {
        for (const CsvColumnInfo& c : m_columns)
            if (c.name == name)
                return QStringLiteral("\n") + qs(c.type)
                    + (c.missing > 0 ? tr(", %1 missing").arg(c.missing) : QString());
        return QString();
    };
    const int cols = static_cast<int>(ds.features()) + 1;
    const int rows = static_cast<int>(std::min<Index>(ds.rows(), kPreviewRows));
    m_previewTable->setColumnCount(cols);
    m_previewTable->setRowCount(rows);
    QStringList headers;
    for (const std::string& f : ds.featureNames)
        headers << qs(f) + typeOf(f);
    headers << tr("%1 (target)").arg(qs(ds.targetName)) + typeOf(ds.targetName);
    m_previewTable->setHorizontalHeaderLabels(headers);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c + 1 < cols; ++c)
            m_previewTable->setItem(
                r, c, new QTableWidgetItem(QString::number(ds.x(r, c), 'g', 5)));
        QString target = QString::number(ds.y(r, 0), 'g', 5);
        // A regression target can be any number: only a class index names a label.
        const double y = ds.y(r, 0);
        if (ds.task != Task::Regression && y >= 0.0
            && y < static_cast<double>(ds.classLabels.size()))
            target = qs(ds.classLabels[static_cast<std::size_t>(y)]);
        m_previewTable->setItem(r, cols - 1, new QTableWidgetItem(target));
    }
    m_previewTable->resizeColumnsToContents();
    m_previewTable->setVisible(true);
}

} // namespace bitlab::ui
