#pragma once
// MainActions: the window's actions, menus and toolbar. It creates the training actions
// (Run F5, Pause F6, Step batch F10, Step epoch F11, Stop Shift+F5, Reset Ctrl+R), the file
// actions, the menu bar (File, Edit, Training, Lessons, View, Help) and the training toolbar with
// its speed picker, and enables them for a controller state. Submenus that other parts own
// (Open recent, Export, Lessons) are created empty for them to fill. What an action does
// is wired by MainWindow.

#include "ui/training_controller.h"
#include "ui/training_pace.h"

#include <QObject>
#include <QString>

class QAction;
class QComboBox;
class QMainWindow;
class QMenu;

namespace bitlab::ui {

class MainActions : public QObject {
    Q_OBJECT
public:
    explicit MainActions(QMainWindow* window);

    // Run is enabled when the experiment can start (`problem` empty) or resume; its tooltip
    // says why not.
    void update(TrainingController::State state, const QString& problem);

    QAction* run = nullptr;
    QAction* pause = nullptr;
    QAction* stepBatch = nullptr;
    QAction* stepEpoch = nullptr;
    QAction* stop = nullptr;
    QAction* reset = nullptr;
    QAction* open = nullptr;
    QAction* save = nullptr;
    QAction* openSession = nullptr;
    QAction* saveSession = nullptr;
    QAction* saveSessionAs = nullptr;
    QAction* loadData = nullptr;
    QAction* quit = nullptr;
    QMenu* presetMenu = nullptr;
    QMenu* recentMenu = nullptr;
    QMenu* exportMenu = nullptr;
    QMenu* lessonsMenu = nullptr;
    QMenu* editMenu = nullptr; // filled by PanelUndo's actions
    QMenu* helpMenu = nullptr;
    QComboBox* speed = nullptr;

signals:
    // File ▸ Open built-in experiment.
    void presetChosen(const QString& name);
    // The speed picker: watch (the default), full speed or steps per second.
    void paceChosen(const bitlab::ui::Pace& pace);

private:
    void createActions();
    void createMenus();
    void createToolBar();
    // The real datasets with their citations, as HTML list items (the About box).
    static QString datasetCitations();

    QMainWindow* m_window = nullptr;
};

} // namespace bitlab::ui
