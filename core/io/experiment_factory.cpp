#include "core/io/experiment_factory.h"

#include "core/common/error.h"
#include "core/data/generators.h"
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

std::unique_ptr<Experiment> makeExperiment(const ExperimentSpec& spec)
{
    Dataset data = loadDataset(spec.dataset, spec.baseDir);
    std::vector<NamedTensor> init;
    if (spec.init.kind == "file") {
        const QString path = resolvePath(spec, spec.init.path);
        WeightsFile file = readWeights(path);
        // Say which shapes disagree before the engine sees the tensors.
        const auto model = createModel(spec.model, data.features(), data.outputs());
        checkWeightsFit(file.tensors, model->tensors(), QDir::toNativeSeparators(path));
        init = std::move(file.tensors);
    }
    return std::make_unique<Experiment>(spec, std::move(data), std::move(init));
}

} // namespace bitlab::io
