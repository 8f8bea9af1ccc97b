#pragma once
// DatasetLoader: loads the dataset the experiment panel previews, keeping the window alive
// while a large CSV is read. A built-in dataset or a CSV below kBackgroundBytes loads at
// once on the calling (UI) thread; a larger CSV is read on a pool thread (QtConcurrent)
// while a window-modal QProgressDialog shows the fraction parsed (and the megabytes read,
// "Loading mnist.csv: 45 of 110 MB read…") and offers Cancel. The
// call waits in a local event loop, so the window keeps painting and its timers keep
// firing; Cancel makes the CSV reader stop at its next progress check (about every
// megabyte), and load() returns at once with `cancelled` set. Nothing of a cancelled load
// is kept. The pool thread touches no widget: it only runs the core reader and sets atomics.

#include "core/data/csv_inspect.h"
#include "core/data/csv_reader.h"
#include "core/data/dataset.h"

#include <QString>
#include <optional>
#include <vector>

class QWidget;

namespace bitlab::ui {

// What the panel shows for a dataset.source: the dataset as the engine loads it (task
// auto-detected), or the loader's error; and the columns with their types (for a CSV that
// fails to load, from the CSV inspector, so that a wrong target can still be picked).
struct DatasetPreview {
    std::optional<Dataset> dataset;
    QString error;
    std::vector<CsvColumnInfo> columns;
    bool cancelled = false;
};

class DatasetLoader {
public:
    // CSV files at least this large are read off the UI thread with a progress dialog.
    static constexpr qint64 kBackgroundBytes = 4 * 1024 * 1024;

    // Loads `spec` (relative CSV paths against baseDir) for `parent`'s panel.
    static DatasetPreview load(
        QWidget* parent, const DatasetSpec& spec, const std::string& baseDir);

    // The loading itself, on whatever thread calls it; `progress` as in readCsv().
    static DatasetPreview loadNow(
        const DatasetSpec& spec, const std::string& baseDir, const CsvProgress& progress = {});
};

} // namespace bitlab::ui
