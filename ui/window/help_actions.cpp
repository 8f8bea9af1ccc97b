#include "ui/window/help_actions.h"

#include "ui/views/experiment_view.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <functional>

namespace bitlab::ui {

HelpActions::HelpActions(QMainWindow* window, QTabWidget* tabs, QMenu* menu)
    : QObject(window)
    , m_window(window)
    , m_tabs(tabs)
{
    explainTab = new QAction(tr("&What am I looking at?"), window);
    explainTab->setObjectName(QStringLiteral("actionExplainTab"));
    explainTab->setShortcut(QKeySequence::HelpContents);
    explainTab->setToolTip(tr("Explain the tab on screen (F1)"));
    shortcuts = new QAction(tr("&Keyboard shortcuts"), window);
    shortcuts->setObjectName(QStringLiteral("actionShortcuts"));
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    connect(explainTab, &QAction::triggered, this, &HelpActions::showViewHelp);
    connect(shortcuts, &QAction::triggered, this, &HelpActions::showShortcuts);
    QAction* first = menu->actions().isEmpty() ? nullptr : menu->actions().first();
    menu->insertAction(first, explainTab);
    menu->insertAction(first, shortcuts);
    if (first)
        menu->insertSeparator(first);
    window->addAction(explainTab); // F1 works wherever the focus is
    window->addAction(shortcuts);

    auto* button = new QToolButton(tabs);
    button->setObjectName(QStringLiteral("explainTabButton"));
    button->setText(tr("? Help"));
    button->setAutoRaise(true);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setToolTip(explainTab->toolTip());
    connect(button, &QToolButton::clicked, explainTab, &QAction::trigger);
    tabs->setCornerWidget(button, Qt::TopRightCorner);
}

QString HelpActions::viewHelp(const QString& key)
{
    if (key == QLatin1String("loss"))
        return tr(
            "<p><b>Loss</b>: how far each run is from the targets as it trains. One colour per "
            "run; solid: training rows, dashed: test rows. A quantized twin whose curve stays "
            "above float64's pays for its grid; one that stops falling has stalled (its "
            "updates are smaller than half a grid step).</p><p><b>Metric</b> switches between "
            "the exact loss at evaluation steps, the noisy loss of each mini-batch and "
            "accuracy (classification). <b>Log scale</b> shows the last digits of a "
            "converging loss; <b>Smoothing</b> averages the noise away (TensorBoard's). Point "
            "at a curve for its value, drag to zoom, double-click to see everything.</p>");
    if (key == QLatin1String("fit"))
        return tr("<p><b>Fit</b>: what each run predicts, in the units of the data (regression). "
                  "With one feature: the data points and each run's fitted curve, float64 wide "
                  "underneath; the legend gives a linear model's line, so you can read the slope "
                  "and intercept each grid allows. With more features: each row's prediction "
                  "against its true value; on the dashed diagonal a prediction is exact.</p>");
    if (key == QLatin1String("weights"))
        return tr("<p><b>Weights</b>: where the weights are and where the grid lets them be.</p>"
                  "<p>The <b>weight plane</b> (models with two weights, such as the seed's w and "
                  "b) draws the loss as a landscape, the values a quantized run can store as grid "
                  "lines and each run's path; a run that rounds after every update hops from grid "
                  "point to grid point and stops once its steps are under half a grid step. The "
                  "<b>tensor strips</b> show any model's weights against the levels of the grid, "
                  "with a histogram per level and how often weights change level.</p><p>Hover a "
                  "point or a dot for its value, code, scale and rounding error.</p>");
    if (key == QLatin1String("boundary"))
        return tr("<p><b>Boundary</b>: for classification with two features, the class each run "
                  "predicts at every point of the plane (stronger colour: more confident), with "
                  "the data on top (filled: training, hollow: test). Side by side: float64 and "
                  "the run under <b>Compare with</b>; <b>Where they disagree</b> hatches the "
                  "places where the quantized run decides otherwise.</p>");
    if (key == QLatin1String("classes"))
        return tr("<p><b>Classes</b>: confusion matrices of float64 and the compared run. Row: "
                  "the true class, column: the predicted one; the diagonal is right. Cells where "
                  "the quantized run's counts differ from float64's are outlined in orange: "
                  "where its mistakes are.</p>");
    if (key == QLatin1String("images"))
        return tr("<p><b>Images</b>: for image datasets (digits), test samples with each run's "
                  "prediction (orange frame: float64 and the compared run disagree), and the first "
                  "layer's weights drawn as images on one colour scale, so you can see them "
                  "collapse onto a few levels at low bit widths.</p>");
    if (key == QLatin1String("sweep"))
        return tr("<p><b>Sweep</b>: the experiment trained again at every bit width of a range "
                  "and for each chosen scheme, plotting the final test loss (or accuracy) "
                  "against the bits; float64 is the dashed line. Where the curve leaves it is the "
                  "bit-width cliff. With several seeds a band shows what is noise.</p>");
    if (key == QLatin1String("sensitivity"))
        return tr("<p><b>Sensitivity</b>: which tensors can take fewer bits. <b>Compute</b> trains "
                  "float64 once, then quantizes one tensor at a time at each bit width and "
                  "measures how much the loss rises; the chart and the table show that increase "
                  "per tensor against its bits. <b>Suggest</b> picks bits per tensor under a "
                  "budget of average bits per weight and adds that mixed-precision run to the "
                  "experiment.</p>");
    return tr("<p>This tab draws the runs of the experiment on the left; docs/gui.md describes "
              "each view.</p>");
}

QStringList HelpActions::shortcutRows() const
{
    QStringList rows;
    QList<QAction*> seen;
    auto add = [&](QAction* a) {
        if (!a || seen.contains(a) || a->shortcut().isEmpty())
            return;
        seen << a;
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        QString text = a->text();
        text.remove(QLatin1Char('&'));
        rows << keys.join(QStringLiteral(", ")) + QLatin1Char('\t') + text;
    };
    // In menu order, then any other action of the window.
    std::function<void(QMenu*)> walk = [&](QMenu* menu) {
        for (QAction* a : menu->actions()) {
            if (a->menu())
                walk(a->menu());
            else
                add(a);
        }
    };
    for (QAction* a : m_window->menuBar()->actions())
        if (a->menu())
            walk(a->menu());
    for (QAction* a : m_window->findChildren<QAction*>())
        add(a);
    rows << tr("F2 or double-click") + QLatin1Char('\t')
            + tr("Rename the selected run (runs list)");
    rows << tr("Drag on a chart") + QLatin1Char('\t') + tr("Zoom into the rectangle");
    rows << tr("Double-click a chart") + QLatin1Char('\t') + tr("Reset the zoom");
    rows << tr("Right-click a chart") + QLatin1Char('\t') + tr("Export it as PNG or SVG");
    rows << tr("Mouse wheel over the panel") + QLatin1Char('\t')
            + tr("Scrolls; a field takes the wheel only once clicked");
    return rows;
}

QDialog* HelpActions::dialog(const QString& name, const QString& title, const QString& html)
{
    if (auto* old = m_window->findChild<QDialog*>(name))
        old->close();
    auto* d = new QDialog(m_window);
    d->setObjectName(name);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowTitle(title);
    auto* text = new QTextBrowser(d);
    text->setObjectName(QStringLiteral("helpText"));
    text->setHtml(html);
    text->setOpenLinks(false);
    text->setFrameShape(QFrame::NoFrame);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, d);
    connect(buttons, &QDialogButtonBox::rejected, d, &QDialog::close);
    auto* layout = new QVBoxLayout(d);
    layout->addWidget(text);
    layout->addWidget(buttons);
    d->resize(560, 420);
    d->show();
    return d;
}

void HelpActions::showViewHelp()
{
    const auto* view = qobject_cast<const ExperimentView*>(m_tabs->currentWidget());
    const QString key = view ? view->key() : QString();
    const QString title = m_tabs->tabText(m_tabs->currentIndex());
    QDialog* d = dialog(QStringLiteral("viewHelpDialog"), tr("What am I looking at? %1").arg(title),
        viewHelp(key)
            + tr("<p style='color:#666'>F1 on any tab explains it; Help ▸ Keyboard "
                 "shortcuts lists the keys.</p>"));
    d->resize(520, 300);
}

void HelpActions::showShortcuts()
{
    const QStringList rows = shortcutRows();
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='3'>");
    for (const QString& row : rows) {
        const QString keys = row.section(QLatin1Char('\t'), 0, 0);
        const QString what = row.section(QLatin1Char('\t'), 1);
        html += QStringLiteral("<tr><td style='padding-right:18px'><b>%1</b></td><td>%2</td></tr>")
                    .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    QDialog* d = dialog(QStringLiteral("shortcutsDialog"), tr("Keyboard shortcuts"), html);
    d->resize(600, std::min(760, 90 + 24 * static_cast<int>(rows.size())));
}

} // namespace bitlab::ui
