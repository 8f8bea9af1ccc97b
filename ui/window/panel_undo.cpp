#include "ui/window/panel_undo.h"

#include "core/io/experiment_json.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/window/experiment_files.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QKeyEvent>
#include <QScopedValueRollback>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>

namespace bitlab::ui {

namespace {

constexpr int kMergeMs = 1500; // keystrokes in one field closer than this are one step

// Every leaf path where a and b differ ("optimizer.lr", "runs.1.quantizer.bits"); an array
// whose length changed is one path ("runs").
void diff(const QJsonValue& a, const QJsonValue& b, const QString& path, QStringList& out)
{
    if (a.isObject() && b.isObject()) {
        const QJsonObject oa = a.toObject(), ob = b.toObject();
        QStringList keys = oa.keys();
        for (const QString& k : ob.keys())
            if (!keys.contains(k))
                keys << k;
        for (const QString& k : keys)
            diff(oa.value(k), ob.value(k), path.isEmpty() ? k : path + QLatin1Char('.') + k, out);
        return;
    }
    if (a.isArray() && b.isArray() && a.toArray().size() == b.toArray().size()) {
        const QJsonArray aa = a.toArray(), ab = b.toArray();
        for (qsizetype i = 0; i < aa.size(); ++i)
            diff(aa.at(i), ab.at(i), path + QLatin1Char('.') + QString::number(i), out);
        return;
    }
    if (a != b)
        out << path;
}

QJsonObject toJson(const ExperimentSpec& spec)
{
    try {
        return io::experimentToJson(spec);
    } catch (const std::exception&) {
        return {}; // a spec the writer refuses: compared as "changed"
    }
}

} // namespace

// One step: the panel's experiment before and after.
class PanelUndo::Step : public QUndoCommand {
public:
    // `replaces`: another experiment was opened (never merged; undoing it drops results).
    Step(PanelUndo* owner, ExperimentSpec before, ExperimentSpec after, const QString& text,
        QStringList paths, bool replaces)
        : QUndoCommand(text)
        , m_owner(owner)
        , m_before(std::move(before))
        , m_after(std::move(after))
        , m_paths(std::move(paths))
        , m_replaces(replaces)
        // Only a value typed into one field merges (its keystrokes); a run added or removed,
        // a choice that moves several fields, an opened file are each their own step.
        , m_mergeable(!replaces && m_paths.size() == 1 && m_paths.first() != QLatin1String("runs"))
    {
        m_clock.start();
    }

    int id() const override { return m_mergeable ? 1 : -1; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = static_cast<const Step*>(other);
        if (!next->m_mergeable || next->m_paths != m_paths || m_clock.elapsed() > kMergeMs)
            return false;
        m_after = next->m_after;
        m_clock.start();
        setObsolete(toJson(m_before) == toJson(m_after)); // typed and deleted again
        return true;
    }
    bool replaces() const { return m_replaces; }
    void undo() override { m_owner->apply(m_before, m_replaces); }
    void redo() override
    {
        if (m_first) { // pushed: the panel shows it already
            m_first = false;
            return;
        }
        m_owner->apply(m_after, m_replaces);
    }

private:
    PanelUndo* m_owner;
    ExperimentSpec m_before, m_after;
    QStringList m_paths;
    bool m_replaces;
    bool m_mergeable;
    bool m_first = true;
    QElapsedTimer m_clock;
};

PanelUndo::PanelUndo(ExperimentPanel* panel, QObject* parent)
    : QObject(parent)
    , m_panel(panel)
    , m_stack(new QUndoStack(this))
{
    m_recorded = panel->spec();
    m_recordedJson = toJson(m_recorded);
    m_undo = new QAction(tr("&Undo"), this);
    m_undo->setObjectName(QStringLiteral("actionUndo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = new QAction(tr("&Redo"), this);
    m_redo->setObjectName(QStringLiteral("actionRedo"));
    m_redo->setShortcuts(
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y) });
    connect(m_undo, &QAction::triggered, this, [this] { step(-1); });
    connect(m_redo, &QAction::triggered, this, [this] { step(0); });
    connect(m_stack, &QUndoStack::indexChanged, this, &PanelUndo::updateActions);
    connect(m_stack, &QUndoStack::cleanChanged, this, &PanelUndo::updateActions);
    connect(panel, &ExperimentPanel::specChanged, this, &PanelUndo::onSpecChanged);
    qApp->installEventFilter(this);
    updateActions();
}

void PanelUndo::nameNextStep(const QString& name)
{
    m_nextName = name;
}

void PanelUndo::renameNextStep(const QString& name)
{
    if (m_pending && !m_nextName.isEmpty())
        m_nextName = name;
}

void PanelUndo::followFiles(const ExperimentFiles* files)
{
    connect(files, &ExperimentFiles::experimentReplaced, this,
        [this] { nameNextStep(tr("open another experiment")); });
    connect(files, &ExperimentFiles::titleChanged, this, [this](const QString& title) {
        const QString shown = title.size() > 40 ? title.left(39) + QStringLiteral("…") : title;
        renameNextStep(tr("open “%1”").arg(shown));
    });
}

void PanelUndo::setEnabled(bool enabled)
{
    if (!enabled)
        flush();
    m_enabled = enabled;
    updateActions();
}

void PanelUndo::updateActions()
{
    m_undo->setEnabled(m_enabled && m_stack->canUndo());
    m_redo->setEnabled(m_enabled && m_stack->canRedo());
    const QString undo = m_stack->undoText(), redo = m_stack->redoText();
    m_undo->setText(undo.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(undo));
    m_redo->setText(redo.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(redo));
}

void PanelUndo::onSpecChanged()
{
    if (m_applying || m_pending)
        return;
    m_pending = true;
    // Record when the event that made the edit is handled: one step for all it changed.
    QTimer::singleShot(0, this, &PanelUndo::flush);
}

void PanelUndo::flush()
{
    if (!m_pending)
        return;
    m_pending = false;
    const ExperimentSpec now = m_panel->spec();
    const QJsonObject json = toJson(now);
    const QString name = std::exchange(m_nextName, QString());
    if (json == m_recordedJson && !json.isEmpty())
        return;
    QStringList paths;
    const QString text = name.isEmpty() ? describe(m_recordedJson, json, &paths) : name;
    auto* step = new Step(this, m_recorded, now, text, paths, !name.isEmpty());
    m_recorded = now;
    m_recordedJson = json;
    m_stack->push(step);
}

void PanelUndo::step(int offset)
{
    flush();
    const int i = m_stack->index() + offset;
    if (i < 0 || i >= m_stack->count())
        return;
    const auto* next = static_cast<const Step*>(m_stack->command(i));
    if (next->replaces() && m_confirmReplace && !m_confirmReplace())
        return;
    if (offset < 0)
        m_stack->undo();
    else
        m_stack->redo();
}

void PanelUndo::apply(const ExperimentSpec& spec, bool replaces)
{
    const QScopedValueRollback guard(m_applying, true);
    m_panel->setSpec(spec);
    m_recorded = m_panel->spec();
    m_recordedJson = toJson(m_recorded);
    if (replaces)
        emit experimentRestored();
}

QString PanelUndo::describe(
    const QJsonObject& before, const QJsonObject& after, QStringList* paths) const
{
    diff(before, after, QString(), *paths);
    if (paths->contains(QLatin1String("runs"))) {
        const auto a = before.value(QLatin1String("runs")).toArray().size();
        const auto b = after.value(QLatin1String("runs")).toArray().size();
        return b > a ? tr("add a run") : tr("remove a run");
    }
    if (paths->isEmpty())
        return tr("edit");
    if (paths->size() == 1)
        return tr("change %1").arg(paths->first());
    return tr("change %1 and %2 more").arg(paths->first()).arg(paths->size() - 1);
}

bool PanelUndo::eventFilter(QObject* watched, QEvent* event)
{
    // The user's next key or click starts a new step: what the last one changed is recorded
    // before it is handled.
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::ShortcutOverride:
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
        flush();
        break;
    default:
        break;
    }
    // In the panel's text fields, Ctrl+Z is the panel's undo (each keystroke there is
    // already a recorded edit), not the field's own.
    if (event->type() == QEvent::ShortcutOverride) {
        auto* key = static_cast<QKeyEvent*>(event);
        auto* widget = qobject_cast<QWidget*>(watched);
        if (widget && m_panel->isAncestorOf(widget)
            && (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)
                || key->keyCombination() == QKeyCombination(Qt::CTRL | Qt::SHIFT, Qt::Key_Z))) {
            event->ignore();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace bitlab::ui
