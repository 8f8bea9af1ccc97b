#include "app/cli/experiment_source.h"

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/engine/presets.h"
#include "core/io/experiment_json.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace bitlab::cli {

namespace {
QStringList toQStringList(const std::vector<std::string>& values)
{
    QStringList list;
    for (const std::string& v : values)
        list << QString::fromStdString(v);
    return list;
}

} // namespace

ExperimentSpec loadExperimentSpec(const CommandLine& cl)
{
    const QStringList sets = toQStringList(cl.sets);
    if (cl.preset.empty())
        return io::readExperiment(QString::fromStdString(cl.file), sets);

    const Preset* preset = findPreset(cl.preset);
    if (!preset)
        throw Error("unknown preset '" + cl.preset + "'; the presets are "
            + joinNames(presetRegistry(), &Preset::name) + " (see 'bitlab-cli presets')");
    // Through the JSON form so that --set works on presets exactly as on files.
    QJsonObject root = io::experimentToJson(preset->spec);
    for (const QString& set : sets)
        io::applySet(root, set);
    return io::experimentFromJson(root, QDir::currentPath(),
        QStringLiteral("preset %1").arg(QString::fromStdString(cl.preset)));
}

QString experimentName(const CommandLine& cl)
{
    if (!cl.preset.empty())
        return QString::fromStdString(cl.preset);
    QString name = QFileInfo(QString::fromStdString(cl.file)).fileName();
    if (name.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        name.chop(5);
    return name.isEmpty() ? QStringLiteral("experiment") : name;
}

QString outputFolder(const CommandLine& cl, const QString& suffix)
{
    if (!cl.out.empty())
        return QString::fromStdString(cl.out);
    return QStringLiteral("bitlab-out/") + experimentName(cl) + suffix;
}

} // namespace bitlab::cli
