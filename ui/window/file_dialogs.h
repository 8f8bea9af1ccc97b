#pragma once
// FileDialogs: the window's file choosers. Each starts in the last folder used
// (AppSettings) and returns the chosen path, or an empty string when the user cancelled.
// Choosers for export targets remember the folder at once; open and save remember it
// only when the file was read or written (MainWindow).

#include <QCoreApplication>
#include <QString>

class QMimeData;
class QWidget;

namespace bitlab::ui {

class FileDialogs {
    Q_DECLARE_TR_FUNCTIONS(bitlab::ui::FileDialogs)
public:
    // A CSV-like file (csv, tsv, txt) that loads as a dataset rather than an experiment.
    static bool isDataFile(const QString& path);
    // A file the window can open: an experiment JSON, a data file or a session.
    static bool isOpenable(const QString& path);
    // A drag that holds a local file the window can open.
    static bool isOpenableDrag(const QMimeData* data);
    // The first local file of a drop ("" when none).
    static QString droppedFile(const QMimeData* data);

    static QString openExperiment(QWidget* parent);
    // Appends ".json" when the name has no suffix. Starts at `currentFile` when there is one.
    static QString saveExperiment(QWidget* parent, const QString& currentFile);
    static QString loadDataset(QWidget* parent);
    // A saved session (*.bitlab-session); save appends the suffix when missing.
    static bool isSessionFile(const QString& path);
    static QString openSession(QWidget* parent);
    static QString saveSession(QWidget* parent, const QString& currentFile);
    // NAME.png or NAME.svg (the suffix is appended when missing).
    static QString chartFile(QWidget* parent, const QString& name, const QString& suffix);
    static QString exportFolder(QWidget* parent, const QString& title);
    // A single export file, proposed as `fileName` in the last folder, with `filter`.
    static QString exportFile(
        QWidget* parent, const QString& title, const QString& fileName, const QString& filter);
};

} // namespace bitlab::ui
