#pragma once
// The output folder of an experiment (DESIGN §4), shared by bitlab-cli and the GUI:
//   DIR/experiment.json          the resolved experiment (every default filled in; paths
//                                rewritten relative to DIR so it re-runs from there)
//   DIR/metrics.csv              every record of every run
//   DIR/summary.json             per-run status, steps, final metrics, train_seconds;
//                                classification: per-class accuracy and confusion matrices
//   DIR/confusion.csv            classification: every run's confusion matrices as a table
//   DIR/weights/<run>.json       each run's weights (bitlab.weights)
//   DIR/weights/<run>.csv        the same as a table
//   DIR/weights/<run>.h          quantized runs: the C header with codes and scales
// <run> is the run name with characters outside [A-Za-z0-9._-] replaced by '_' (made
// unique with a numeric suffix).
//
// All or nothing: the whole set is written into a staging folder beside DIR
// (OutputFolder), which then replaces DIR in one rename. At every moment DIR holds either
// the previous set, untouched, or the complete new one: a failure (disk full, file size
// limit, a bad name), a second Ctrl-C or a SIGKILL while writing leaves the previous set
// (and at most a hidden staging folder, removed by the next writer).

#include "core/engine/experiment.h"
#include "core/engine/record.h"
#include "core/io/metrics_spool.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

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

// Writes metrics.csv to the path it is given (in the staging folder), from whatever holds
// the records.
using MetricsWriter = std::function<void(const QString& path, const std::vector<QString>& names)>;

struct RunOutputs {
    QStringList files; // every file written, absolute paths (in DIR)
    QStringList warnings; // e.g. a run whose weights were not finite (its weights skipped)
};

// The files writeRunOutputs writes for `spec` (relative to DIR, weights of every run).
QStringList runOutputNames(const ExperimentSpec& spec);

// Opens DIR (OutputFolder) and probes every name of spec's output set, so that a folder
// that cannot be written or a run name too long for a file name fails before training.
// Throws Error; a bad run name is located as runs.N.name.
std::unique_ptr<OutputFolder> prepareRunOutputs(const QString& dir, const ExperimentSpec& spec);

// Writes the set into `folder` and commits it. Throws Error naming the file and reason when
// a file cannot be written (DIR is then as it was).
RunOutputs writeRunOutputsWith(
    OutputFolder& folder, const Experiment& experiment, const MetricsWriter& writeMetrics);
// The same in one call: prepareRunOutputs(dir, experiment.spec()), write, commit.
RunOutputs writeRunOutputsWith(
    const QString& dir, const Experiment& experiment, const MetricsWriter& writeMetrics);

// Writes the folder from records kept in memory.
RunOutputs writeRunOutputs(
    const QString& dir, const Experiment& experiment, const std::vector<Record>& records);
// The same with the records kept in a MetricsSpool (the GUI's worker, bitlab-cli):
// metrics.csv is streamed from it, byte for byte what the records themselves would give.
RunOutputs writeRunOutputs(
    const QString& dir, const Experiment& experiment, const MetricsSpool& metrics);
RunOutputs writeRunOutputs(
    OutputFolder& folder, const Experiment& experiment, const MetricsSpool& metrics);

// Which of a run's weights files writeWeightsFiles writes (the C header: quantized runs only).
struct WeightsFormats {
    bool json = true;
    bool csv = true;
    bool cHeader = true;
};

// Writes every run's weights files into `dir` (created if missing): <run>.json, <run>.csv
// and <run>.h as above, as `formats` asks. The JSON of a diverged or failed run notes that
// its weights are the last finite ones, that of a stopped run the step it stopped at. A run
// whose weights cannot be exported (not finite) is skipped with a warning. The output
// folder's weights/ and the GUI's Export > Weights entries both come from here.
RunOutputs writeWeightsFiles(
    const QString& dir, const Experiment& experiment, WeightsFormats formats = {});

// The file name stem used for a run's weights files.
QString runFileStem(const QString& runName);

} // namespace bitlab::io
