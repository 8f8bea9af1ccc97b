#include "ui/views/sensitivity_view.h"

#include "core/common/error.h"
#include "core/io/experiment_factory.h"
#include "ui/charts/sensitivity_chart.h"
#include "ui/text_format.h"
#include "ui/widgets/experiment_panel.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

namespace bitlab::ui {

SensitivityView::SensitivityView(QWidget* parent)
    : ExperimentView(parent)
{
    m_from = new QSpinBox(this);
    m_from->setObjectName(QStringLiteral("sensitivityFrom"));
    m_from->setRange(1, 16);
    m_from->setValue(2);
    m_to = new QSpinBox(this);
    m_to->setObjectName(QStringLiteral("sensitivityTo"));
    m_to->setRange(1, 16);
    m_to->setValue(8);
    m_compute = new QPushButton(tr("Compute"), this);
    m_compute->setObjectName(QStringLiteral("sensitivityCompute"));
    m_compute->setToolTip(tr("Train the float64 run, then quantize one tensor at a time at each "
                             "bit-width (post-training, with the first quantized run's scheme and "
                             "observer) and measure the loss: bitlab-cli sensitivity."));
    m_budget = new QDoubleSpinBox(this);
    m_budget->setObjectName(QStringLiteral("sensitivityBudget"));
    m_budget->setRange(1.0, 16.0);
    m_budget->setDecimals(2);
    m_budget->setSingleStep(0.25);
    m_budget->setValue(4.0);
    m_budget->setSuffix(tr(" bits per weight"));
    m_suggest = new QPushButton(tr("Suggest"), this);
    m_suggest->setObjectName(QStringLiteral("sensitivitySuggest"));
    m_suggest->setEnabled(false);
    m_suggest->setToolTip(
        tr("Pick each tensor's bits under this average (greedy: start every tensor at the most "
           "bits; while over budget, lower the tensor whose next step down costs the least loss "
           "increase per bit saved) and add a mixed-precision run with per_tensor."));
    m_status = new QLabel(tr("Press Compute to measure each tensor's sensitivity."), this);
    m_status->setWordWrap(true);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Bits"), this));
    controls->addWidget(m_from);
    controls->addWidget(new QLabel(tr("to"), this));
    controls->addWidget(m_to);
    controls->addWidget(m_compute);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Budget"), this));
    controls->addWidget(m_budget);
    controls->addWidget(m_suggest);
    controls->addStretch(1);
    m_chart = new SensitivityChart(this);
    m_numbers = new QTableWidget(this);
    m_numbers->setObjectName(QStringLiteral("sensitivityTable"));
    m_numbers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_chart);
    split->addWidget(m_numbers);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    m_watcher = new QFutureWatcher<void>(this);
    connect(m_watcher, &QFutureWatcher<void>::finished, this, [this] {
        m_compute->setText(tr("Compute"));
        if (*m_result) {
            m_table = std::move(**m_result);
            showTable();
        } else {
            m_status->setText(*m_error);
        }
        m_suggest->setEnabled(m_table.has_value());
        emit computed();
    });
    connect(m_compute, &QPushButton::clicked, this, [this] {
        if (isComputing())
            m_stop->request_stop();
        else
            compute();
    });
    connect(m_suggest, &QPushButton::clicked, this, &SensitivityView::suggest);
}

SensitivityView::~SensitivityView()
{
    if (m_stop)
        m_stop->request_stop();
    m_watcher->waitForFinished();
}

bool SensitivityView::isComputing() const
{
    return m_watcher->isRunning();
}

void SensitivityView::setBitRange(int from, int to)
{
    m_from->setValue(from);
    m_to->setValue(to);
}

void SensitivityView::setBudget(double averageBits)
{
    m_budget->setValue(averageBits);
}

bool SensitivityView::compute()
{
    if (isComputing() || !m_panel)
        return false;
    if (m_from->value() > m_to->value()) {
        m_status->setText(
            tr("The bit range is empty: %1 to %2.").arg(m_from->value()).arg(m_to->value()));
        return false;
    }
    std::vector<int> bits;
    for (int b = m_from->value(); b <= m_to->value(); ++b)
        bits.push_back(b);
    const ExperimentSpec spec = m_panel->spec();
    m_stop = std::make_unique<std::stop_source>();
    m_result = std::make_shared<std::optional<SensitivityTable>>();
    m_error = std::make_shared<QString>();
    m_status->setText(tr("Training float64 and quantizing one tensor at a time…"));
    m_compute->setText(tr("Cancel"));
    m_suggest->setEnabled(false);
    m_watcher->setFuture(QtConcurrent::run([spec, bits, token = m_stop->get_token(),
                                               result = m_result, error = m_error] {
        try {
            *result = computeSensitivity(
                spec, bits, [](const ExperimentSpec& s) { return io::makeExperiment(s); }, token);
        } catch (const Cancelled&) {
            *error = QObject::tr("Cancelled.");
        } catch (const std::exception& e) {
            *error = QString::fromUtf8(e.what());
        }
    }));
    return true;
}

void SensitivityView::showTable()
{
    const SensitivityTable& t = *m_table;
    m_chart->setTable(t);
    m_numbers->clear();
    m_numbers->setRowCount(static_cast<int>(t.tensors.size()));
    m_numbers->setColumnCount(static_cast<int>(t.bits.size()));
    QStringList columns;
    for (int b : t.bits)
        columns << tr("%1 bits").arg(b);
    m_numbers->setHorizontalHeaderLabels(columns);
    QStringList rows;
    for (const std::string& name : t.tensors)
        rows << QString::fromStdString(name);
    m_numbers->setVerticalHeaderLabels(rows);
    for (std::size_t i = 0; i < t.tensors.size(); ++i)
        for (std::size_t j = 0; j < t.bits.size(); ++j)
            if (const SensitivityRow* r = t.find(t.tensors[i], t.bits[j])) {
                auto* item = new QTableWidgetItem(formatNumber(r->lossIncrease, 4));
                // The exact value, as sensitivity.csv writes it.
                item->setData(Qt::UserRole, r->lossIncrease);
                item->setToolTip(
                    tr("train loss %1, test loss %2")
                        .arg(formatNumber(r->trainLoss, 6), formatNumber(r->testLoss, 6)));
                m_numbers->setItem(static_cast<int>(i), static_cast<int>(j), item);
            }
    m_status->setText(tr("Scheme %1, observer %2. float64 loss %3; each cell: the loss increase "
                         "with that tensor alone at those bits.")
                          .arg(QString::fromStdString(t.quantizer.scheme),
                              QString::fromLatin1(toString(t.quantizer.observer)),
                              formatNumber(t.hasTest ? t.baseTestLoss : t.baseTrainLoss, 6)));
}

std::optional<RunSpec> SensitivityView::suggestedRun(double averageBits) const
{
    if (!m_table || m_table->tensors.empty())
        return std::nullopt;
    const SensitivityTable& t = *m_table;
    double elements = 0;
    for (Index n : t.sizes)
        elements += static_cast<double>(n);
    const std::vector<int> bits = suggestBits(t, averageBits * elements);
    RunSpec run;
    QuantizerSpec q = t.quantizer;
    q.bits = *std::max_element(bits.begin(), bits.end());
    run.quantizer = q;
    double used = 0;
    for (std::size_t i = 0; i < bits.size(); ++i) {
        used += static_cast<double>(t.sizes[i]) * bits[i];
        if (bits[i] != q.bits) {
            QuantizerSpec own = q;
            own.bits = bits[i];
            run.perTensor.push_back(TensorQuantizer { t.tensors[i], own });
        }
    }
    run.name = "mixed-" + QString::number(used / elements, 'g', 3).toStdString() + "b";
    return run;
}

void SensitivityView::suggest()
{
    if (const auto run = suggestedRun(m_budget->value())) {
        emit runSuggested(*run);
        m_status->setText(
            tr("Added run %1 to the experiment.").arg(QString::fromStdString(run->name)));
    }
}

void SensitivityView::prepareScreenshot(std::function<void()> done)
{
    if (!compute()) {
        done();
        return;
    }
    auto* connection = new QMetaObject::Connection;
    *connection = connect(this, &SensitivityView::computed, this, [connection, done] {
        QObject::disconnect(*connection);
        delete connection;
        done();
    });
}

bool SensitivityView::exportChart(int index, const QString& file, QString* error) const
{
    if (index != 0) {
        if (error)
            *error = tr("The sensitivity view has one chart, not %1.").arg(index + 1);
        return false;
    }
    return m_chart->exportTo(file, error);
}

} // namespace bitlab::ui
