#include "core/io/experiment_factory.h"

#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/footprint.h"
#include "core/io/weights_json.h"
#include "core/model/model_registry.h"

#include <QDir>
#include <QFileInfo>

namespace bitlab::io {

QString resolvePath(const ExperimentSpec& spec, const std::string& path)
{
    const QString p = QString::fromStdString(path);
    if (QFileInfo(p).isAbsolute() || spec.baseDir.empty())
        return p;
    return QDir(QString::fromStdString(spec.baseDir)).filePath(p);
}

std::unique_ptr<Experiment> makeExperiment(const ExperimentSpec& spec, std::stop_token stop)
{
    const auto stopped = [&stop] {
        if (stop.stop_requested())
            throw Cancelled("The experiment was not built: stopped while it was being built.");
    };
    stopped();
    Dataset data = loadDataset(
        spec.dataset, spec.baseDir, [&stop](double) { return !stop.stop_requested(); });
    stopped();
    // A model whose weights file could not be read back is refused before it is built.
    const std::int64_t parameters = parameterCount(spec.model, data.features(), data.outputs());
    if (parameters > kMaxModelParameters) {
        QStringList hidden;
        for (int h : spec.model.hidden)
            hidden << QString::number(h);
        throw Error(
            QStringLiteral("model: %1%2 on %3 features and %4 outputs has %5 parameters, "
                           "more than the limit of %6 (BitLab must be able to read its "
                           "weights file back); use fewer or smaller hidden layers")
                .arg(QString::fromStdString(spec.model.kind),
                    hidden.isEmpty() ? QString()
                                     : QStringLiteral(" with hidden [%1]").arg(hidden.join(", ")))
                .arg(data.features())
                .arg(data.outputs())
                .arg(parameters)
                .arg(kMaxModelParameters)
                .toStdString());
    }
    std::vector<NamedTensor> init;
    std::vector<LearnedValue> learned;
    if (spec.init.kind == "file") {
        const QString path = resolvePath(spec, spec.init.path);
        WeightsFile file = readWeights(path);
        // Say which shapes disagree before the engine sees the tensors.
        const auto model = createModel(spec.model, data.features(), data.outputs());
        checkWeightsFit(file.tensors, model->tensors(), QDir::toNativeSeparators(path));
        init = std::move(file.tensors);
        learned = std::move(file.learned);
    }
    stopped();
    return std::make_unique<Experiment>(
        spec, std::move(data), std::move(init), stop, std::move(learned));
}

} // namespace bitlab::io
