#include "ui/widgets/dataset_loader.h"

#include "core/data/generators.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QProgressDialog>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>

namespace bitlab::ui {

namespace {

std::filesystem::path csvPath(const DatasetSpec& spec, const std::string& baseDir)
{
    std::filesystem::path path(spec.source);
    if (path.is_relative() && !baseDir.empty())
        path = std::filesystem::path(baseDir) / path;
    return path;
}

// The type the inspector would report for a column of a dataset that loaded: features are
// numbers (the reader refuses anything else); a class target is text when a label is.
std::vector<CsvColumnInfo> loadedColumns(const Dataset& d)
{
    std::vector<CsvColumnInfo> columns;
    for (const std::string& f : d.featureNames)
        columns.push_back({ f, "number", 0 });
    int text = 0;
    for (const std::string& label : d.classLabels) {
        bool ok = false;
        QString::fromStdString(label).toDouble(&ok);
        text += ok ? 0 : 1;
    }
    const std::string type = text == 0                   ? "number"
        : text == static_cast<int>(d.classLabels.size()) ? "text"
                                                         : "mixed";
    columns.push_back({ d.targetName, type, 0 });
    return columns;
}

} // namespace

DatasetPreview DatasetLoader::loadNow(
    const DatasetSpec& spec, const std::string& baseDir, const CsvProgress& progress)
{
    DatasetPreview preview;
    DatasetSpec probe = spec;
    probe.task = "auto"; // show what the loader detects; the override applies at Run
    try {
        if (probe.isBuiltin() || probe.source.empty()) {
            preview.dataset = loadDataset(probe, baseDir);
        } else {
            // loadDataset's CSV branch, with the progress callback.
            CsvOptions options;
            options.target = probe.target;
            preview.dataset = readCsv(csvPath(probe, baseDir).string(), options, progress);
        }
    } catch (const CsvCancelled&) {
        preview.cancelled = true;
        return preview;
    } catch (const std::exception& e) {
        preview.error = QString::fromUtf8(e.what());
    }
    if (probe.isBuiltin())
        return preview;
    if (preview.dataset) {
        preview.columns = loadedColumns(*preview.dataset);
    } else if (!progress || progress(0.0)) {
        // The inspector reads files the loader refuses: the target picker must work to fix
        // a wrong target.
        CsvOptions options;
        options.target = probe.target;
        preview.columns = inspectCsv(csvPath(probe, baseDir).string(), options).columns;
    }
    return preview;
}

DatasetPreview DatasetLoader::load(
    QWidget* parent, const DatasetSpec& spec, const std::string& baseDir)
{
    const QFileInfo file(QString::fromStdString(csvPath(spec, baseDir).string()));
    if (spec.isBuiltin() || !file.isFile() || file.size() < kBackgroundBytes)
        return loadNow(spec, baseDir);

    // Shared with the pool thread, which may outlive this call by one progress interval.
    struct Shared {
        std::atomic<bool> cancel { false };
        std::atomic<int> permille { 0 };
    };
    auto shared = std::make_shared<Shared>();
    QFuture<DatasetPreview> future = QtConcurrent::run([spec, baseDir, shared] {
        return loadNow(spec, baseDir, [shared](double fraction) {
            shared->permille.store(static_cast<int>(fraction * 1000.0));
            return !shared->cancel.load();
        });
    });

    // "Loading mnist.csv: 45 of 110 MB read…", from the reader's fraction of the file.
    const double megabytes = static_cast<double>(file.size()) / 1e6;
    const auto label = [&file, megabytes](int permille) {
        return QCoreApplication::translate(
            "bitlab::ui::DatasetLoader", "Loading %1: %2 of %3 MB read…")
            .arg(file.fileName())
            .arg(megabytes * permille / 1000.0, 0, 'f', 0)
            .arg(megabytes, 0, 'f', 0);
    };
    QProgressDialog dialog(label(0),
        QCoreApplication::translate("bitlab::ui::DatasetLoader", "Cancel"), 0, 1000, parent);
    dialog.setObjectName(QStringLiteral("datasetProgress"));
    dialog.setWindowTitle(
        QCoreApplication::translate("bitlab::ui::DatasetLoader", "Loading dataset"));
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    dialog.setMinimumDuration(0);
    dialog.setValue(0); // shows it now: the window is blocked from here on

    QEventLoop loop;
    QFutureWatcher<DatasetPreview> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    QObject::connect(&dialog, &QProgressDialog::canceled, &loop, [&] {
        shared->cancel.store(true);
        loop.quit(); // do not wait for the reader: it stops at its next check
    });
    QTimer poll;
    poll.setInterval(30);
    QObject::connect(&poll, &QTimer::timeout, &dialog, [&] {
        const int permille = std::clamp(shared->permille.load(), 0, 999);
        if (permille == dialog.value())
            return;
        dialog.setValue(permille);
        dialog.setLabelText(label(permille));
    });
    poll.start();
    watcher.setFuture(future);
    if (!future.isFinished() && !shared->cancel.load())
        loop.exec();
    poll.stop();
    dialog.hide();

    if (shared->cancel.load()) {
        // The reader stops by itself; its result (if any) is dropped with the future.
        DatasetPreview cancelled;
        cancelled.cancelled = true;
        return cancelled;
    }
    return future.takeResult();
}

} // namespace bitlab::ui
