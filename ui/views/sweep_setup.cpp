#include "ui/views/sweep_setup.h"

#include "core/engine/lessons.h"
#include "core/quant/quantizer.h"
#include "ui/core_text.h"
#include "ui/widgets/flow_layout.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSpinBox>
#include <QToolButton>
#include <algorithm>

namespace bitlab::ui {

SweepSetup::SweepSetup(QWidget* parent)
    : QObject(parent)
    , m_parent(parent)
{
    // Row 1: what to sweep.
    m_bitsFrom = new QSpinBox(m_parent);
    m_bitsFrom->setObjectName(QStringLiteral("sweepBitsFrom"));
    m_bitsTo = new QSpinBox(m_parent);
    m_bitsTo->setObjectName(QStringLiteral("sweepBitsTo"));
    for (QSpinBox* box : { m_bitsFrom, m_bitsTo }) {
        box->setRange(1, 16);
        box->setToolTip(tr("The bit-widths to sweep (word length, sign included)."));
    }
    m_bitsFrom->setValue(1);
    m_bitsTo->setValue(8);
    connect(m_bitsFrom, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_bitsTo->value() < v)
            m_bitsTo->setValue(v);
    });
    connect(m_bitsTo, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_bitsFrom->value() > v)
            m_bitsFrom->setValue(v);
    });
    // Row 1 wraps (a FlowLayout) when the tab is narrow: "Bits from to" stays together.
    auto* what = new FlowLayout(nullptr, 10, 2);
    m_what = what;
    what->setContentsMargins(8, 6, 8, 0);
    what->addWidget(flowGroup(m_parent,
        { new QLabel(tr("Bits"), m_parent), m_bitsFrom, new QLabel(tr("to"), m_parent),
            m_bitsTo }));
    what->addWidget(new QLabel(tr("Schemes"), m_parent));
    for (const QuantizerInfo& info : quantizerRegistry()) {
        auto* box = new QCheckBox(QString::fromStdString(info.name), m_parent);
        box->setObjectName(QStringLiteral("sweepScheme_") + QString::fromStdString(info.name));
        QString tip = CoreText::text(info.description);
        if (!info.formula.empty())
            tip += QStringLiteral("\n") + QString::fromStdString(info.formula);
        if (!info.hasBits)
            tip += QStringLiteral("\n") + tr("Has no bit-width: one point per sweep.");
        // The float formats (float, mx, nvfp4) have their bits in their format, not a bits
        // key: one point each, at its bits per element; opt-in, so the default sweep stays
        // the integer grids' bit-width sweep.
        const bool formatBits = !info.hasBits && info.bitsPerElement;
        if (formatBits)
            tip += QStringLiteral("\n")
                + tr("Its format sets its bits: one point, at its bits per element.");
        box->setToolTip(tip);
        box->setChecked(!formatBits);
        connect(box, &QCheckBox::toggled, this, &SweepSetup::changed);
        what->addWidget(box);
        m_schemes[info.name] = box;
        m_schemeOrder.push_back(info.name);
    }
    // Which formats of float and mx: each one point at its bits per element.
    m_formats = new QToolButton(m_parent);
    m_formats->setObjectName(QStringLiteral("sweepFormats"));
    m_formats->setPopupMode(QToolButton::InstantPopup);
    m_formats->setToolTip(tr("The float formats and MX elements to sweep, each one point at its "
                             "bits per element (FP8 at 8, MXFP4 at 4.25 with its shared scale). "
                             "None chosen: float and mx sweep the run's own format."));
    auto* formats = new QMenu(m_formats);
    for (const QuantizerInfo& info : quantizerRegistry()) {
        for (const std::string& name : info.formats) {
            const std::string token = info.name + ":" + name;
            QAction* a
                = formats->addAction(QStringLiteral("%1  (%2)")
                                         .arg(QString::fromStdString(token),
                                             tr("%1 bits").arg(sweptBitWidth(token), 0, 'g', 3)));
            a->setCheckable(true);
            a->setObjectName(QStringLiteral("sweepFormat_") + QString::fromStdString(token));
            connect(a, &QAction::toggled, this, [this, scheme = info.name](bool on) {
                if (on)
                    m_schemes.at(scheme)->setChecked(true);
                emit changed();
            });
            m_formatActions.emplace_back(token, a);
        }
        if (!info.formats.empty())
            formats->addSeparator();
    }
    m_formats->setMenu(formats);
    what->addWidget(m_formats);

    // Row 2: any other key and the seeds (the tab adds what goes on x).
    m_varyKey = new QComboBox(m_parent);
    m_varyKey->setObjectName(QStringLiteral("sweepVaryKey"));
    m_varyKey->setEditable(true);
    m_varyKey->addItem(QString());
    for (const char* key : { "optimizer.lr", "optimizer.kind", "optimizer.batch_size",
             "optimizer.momentum", "training.epochs", "model.hidden.0", "runs.1.quantizer.rounding",
             "runs.1.quantizer.mode", "runs.1.quantizer.granularity" })
        m_varyKey->addItem(QString::fromLatin1(key));
    m_varyKey->setMinimumContentsLength(18);
    m_varyKey->setToolTip(tr("Any experiment key, as bitlab-cli's --set and --vary take it "
                             "(empty: sweep the bits and schemes only)."));
    m_varyKey->lineEdit()->setPlaceholderText(tr("key (optional)"));
    m_varyValues = new QLineEdit(m_parent);
    m_varyValues->setObjectName(QStringLiteral("sweepVaryValues"));
    m_varyValues->setPlaceholderText(tr("values, e.g. 0.01,0.03,0.1 or 2-8"));
    m_varyValues->setToolTip(tr("Values separated by commas; A-B stands for every integer from "
                                "A to B."));
    m_seeds = new QSpinBox(m_parent);
    m_seeds->setObjectName(QStringLiteral("sweepSeeds"));
    m_seeds->setRange(1, 100);
    m_seeds->setToolTip(tr("Train every point with this many seeds (training.seed + 0, 1, "
                           "...): the chart draws their mean and spread."));
    m_varyValues->setMinimumWidth(220);
    connect(m_varyKey, &QComboBox::currentTextChanged, this, &SweepSetup::changed);
    connect(m_seeds, &QSpinBox::valueChanged, this, &SweepSetup::changed);
}

QLayout* SweepSetup::varyRow(QWidget* xAxis, QWidget* band)
{
    auto* vary = new FlowLayout(nullptr, 14, 2);
    vary->setContentsMargins(8, 2, 8, 0);
    vary->addWidget(flowGroup(m_parent,
        { new QLabel(tr("Vary"), m_parent), m_varyKey, new QLabel(QStringLiteral("="), m_parent),
            m_varyValues }));
    vary->addWidget(
        flowGroup(m_parent, { new QLabel(tr("Seeds"), m_parent), m_seeds, xAxis, band }));
    return vary;
}

std::vector<std::string> SweepSetup::chosenSchemes() const
{
    std::vector<std::string> schemes;
    for (const std::string& name : m_schemeOrder) {
        if (!m_schemes.at(name)->isChecked())
            continue;
        // The formats chosen for this scheme, else the scheme itself (the run's format).
        const std::size_t before = schemes.size();
        for (const auto& [token, action] : m_formatActions)
            if (action->isChecked() && token.compare(0, name.size() + 1, name + ":") == 0)
                schemes.push_back(token);
        if (schemes.size() == before)
            schemes.push_back(name);
    }
    return schemes;
}

bool SweepSetup::keyed() const
{
    return !m_varyKey->currentText().trimmed().isEmpty();
}

SweepPlan SweepSetup::plan() const
{
    SweepPlan plan;
    const QString key = m_varyKey->currentText().trimmed();
    if (!key.isEmpty())
        plan.axes.push_back(parseSweepAxis(
            (key + QLatin1Char('=') + m_varyValues->text().trimmed()).toStdString()));
    plan.schemes = chosenSchemes();
    for (int b = bitsFrom(); b <= bitsTo() && plan.bitWidthForm(); ++b)
        plan.bits.push_back(b);
    plan.seeds = seeds();
    return plan;
}

int SweepSetup::bitsFrom() const
{
    return m_bitsFrom->value();
}

int SweepSetup::bitsTo() const
{
    return m_bitsTo->value();
}

int SweepSetup::seeds() const
{
    return m_seeds->value();
}

void SweepSetup::setRunning(bool running)
{
    for (QWidget* w : { static_cast<QWidget*>(m_varyKey), static_cast<QWidget*>(m_varyValues),
             static_cast<QWidget*>(m_seeds) })
        w->setEnabled(!running);
    m_bitsFrom->setEnabled(!running);
    m_bitsTo->setEnabled(!running);
    for (auto& [name, box] : m_schemes)
        box->setEnabled(!running);
    m_formats->setEnabled(!running);
    int chosen = 0;
    for (const auto& [token, action] : m_formatActions)
        chosen += action->isChecked() ? 1 : 0;
    m_formats->setText(chosen ? tr("Formats (%1)").arg(chosen) : tr("Formats"));
}

void SweepSetup::applyLesson(const LessonSweep& s)
{
    m_bitsTo->setValue(16);
    m_bitsFrom->setValue(s.bitsFrom);
    m_bitsTo->setValue(s.bitsTo);
    // A lesson names schemes and formats ("symmetric", "float:e4m3").
    const auto named = [&](const std::string& token) {
        return std::find(s.schemes.begin(), s.schemes.end(), token) != s.schemes.end();
    };
    for (const auto& [token, action] : m_formatActions)
        action->setChecked(named(token));
    for (auto& [name, box] : m_schemes) {
        bool on = named(name);
        for (const auto& [token, action] : m_formatActions)
            on = on || (action->isChecked() && token.compare(0, name.size() + 1, name + ":") == 0);
        box->setChecked(on);
    }
    m_varyKey->setCurrentIndex(0);
    m_varyValues->clear();
    m_seeds->setValue(s.seeds);
}

} // namespace bitlab::ui
