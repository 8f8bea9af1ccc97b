#pragma once
// PanelUndo: undo and redo for the experiment panel (Edit ▸ Undo, Ctrl+Z; Edit ▸ Redo,
// Ctrl+Shift+Z), on a QUndoStack. A step is the panel's experiment before and after an
// edit, recorded once the event that made it is handled (when the event loop comes back or
// the next key or click arrives), so an edit that moves several fields, a loaded preset or
// lesson, a run added, removed or duplicated is one step.
// Keystrokes that keep changing the same field within a moment are one step (typing
// "0.05" in lr); an open file or preset is never merged with anything. Undo and redo put
// the whole experiment back through ExperimentPanel::setSpec. While an experiment is
// loaded the panel is locked and so are undo and redo (setEnabled). In the panel's text
// fields Ctrl+Z and Ctrl+Shift+Z mean the panel's undo too, not the field's own.

#include "core/engine/experiment_spec.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

class QAction;
class QUndoStack;

namespace bitlab::ui {

class ExperimentFiles;
class ExperimentPanel;

class PanelUndo : public QObject {
    Q_OBJECT
public:
    // Starts from the panel's current experiment (nothing to undo).
    PanelUndo(ExperimentPanel* panel, QObject* parent);

    QUndoStack* stack() const { return m_stack; }
    // Edit ▸ Undo / Redo, their texts following the stack ("Undo learning rate").
    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    // The next step recorded is named `name` and merges with nothing (an open file or
    // preset: "Open seed").
    void nameNextStep(const QString& name);
    // Renames the step nameNextStep() announced, if it is still to be recorded.
    void renameNextStep(const QString& name);
    // Opening another experiment in `files` is one step, named after it ("open “moons”").
    void followFiles(const ExperimentFiles* files);
    // Locks undo and redo (an experiment is loaded; the panel is read-only).
    void setEnabled(bool enabled);
    // Records a pending edit now (tests; normally when the event loop comes back).
    void flush();
    // Asked before an undo or redo that brings back another experiment (it drops the
    // results on screen); returning false leaves everything as it is. The window asks its
    // unsaved-results question here.
    void setConfirmReplace(std::function<bool()> confirm) { m_confirmReplace = std::move(confirm); }

signals:
    // An undo or redo brought back another experiment (a step made by nameNextStep(): an
    // opened file or preset): results of the one shown before no longer apply.
    void experimentRestored();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    class Step;
    void onSpecChanged();
    void updateActions();
    void apply(const ExperimentSpec& spec, bool replaces);
    // Undo (offset -1) or redo (offset 0) the step at index() + offset, after asking when it
    // brings back another experiment.
    void step(int offset);
    QString describe(const QJsonObject& before, const QJsonObject& after, QStringList* paths) const;

    ExperimentPanel* m_panel = nullptr;
    QUndoStack* m_stack = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    ExperimentSpec m_recorded; // what the top of the stack leaves the panel showing
    QJsonObject m_recordedJson;
    std::function<bool()> m_confirmReplace;
    QString m_nextName;
    bool m_pending = false;
    bool m_applying = false;
    bool m_enabled = true;
};

} // namespace bitlab::ui
