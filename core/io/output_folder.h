#pragma once
// OutputFolder: a results folder written as a whole or not at all (DESIGN §4), for the run
// output set (run_outputs.h), the sweep's and the sensitivity table's folders.

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <QStringList>
#include <functional>

namespace bitlab::io {

// A results folder DIR replaced as a whole. Beside DIR, in its parent P:
//   P/.NAME.lock              held (flock) while this object lives: a second writer to the
//                             same DIR (another bitlab-cli, the GUI) is refused; the kernel
//                             releases it when the process ends, however it ends
//   P/.NAME.staging-XXXXXX    the new set, written file by file
//   P/.NAME.old-XXXXXX        only where the system cannot exchange two folders: the
//                             previous set, moved aside for the moment between two renames
// commit() exchanges the staging folder and DIR with renameat2(RENAME_EXCHANGE) (Linux:
// one atomic step; DIR is never missing), then removes the previous set; where that is not
// supported (other systems, some file systems) DIR is renamed aside, the staging folder
// renamed to DIR, and the old set removed. A writer that finds a ".NAME.old-" folder and
// no DIR (a crash between those two renames) puts it back first.
//
// An existing DIR is replaced only when everything in it is BitLab's (experiment.json,
// metrics.csv, summary.json, confusion.csv, sweep.csv, sweep.json, weights/ with .json/.csv/.h
// files) and it is writable: anything else is refused before any work, naming the entry or the
// reason.
class OutputFolder {
public:
    // Locks, checks and creates the staging folder (DIR's parents are created if missing).
    // Throws Error naming DIR and the reason: another writer holds it, a file is in the way,
    // it holds files BitLab did not write, it or its parent is not writable, its name is too
    // long for the names beside it.
    explicit OutputFolder(const QString& dir);
    // Removes the staging folder unless committed, then releases the lock.
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    // DIR, absolute.
    const QString& path() const { return m_final; }
    // The staging folder (where the files are written until commit()).
    const QString& stagingPath() const { return m_staging; }
    // DIR/relative: where a file of the set will be once committed.
    QString finalPath(const QString& relative) const;

    // Creates and removes the (empty) file `relative` in the staging folder, and its folder:
    // a name the file system refuses (too long, invalid) fails here, before the work that
    // produces the file. Throws Error("cannot write 'DIR/relative': reason").
    void probe(const QString& relative);
    // Writes one file of the set (its folder created as needed). On failure the partial file
    // is removed and Error says "cannot save 'DIR/relative': reason; 'DIR' was left as it
    // was". `write` writes the whole content, best with writeAll().
    void save(const QString& relative, const QByteArray& bytes);
    void save(const QString& relative, const std::function<void(QIODevice&)>& write);

    // Swaps the staging folder in (see above). Throws Error when the rename fails (DIR then
    // still holds the previous set). Returns warnings (the old set could not be removed).
    QStringList commit();

private:
    QString m_final, m_parent, m_name, m_staging, m_lockPath;
    int m_lockFd = -1;
    bool m_committed = false;
};

} // namespace bitlab::io
