#pragma once
// The small experiment the io suites read quantizer keys from: the moons MLP with the given
// runs, and the problems parseExperiment reports for a text ("" when it is accepted).

#include "common/test_support.h"
#include "core/io/experiment_json.h"

#include <QByteArray>
#include <QString>

namespace bitlab::test {

inline QByteArray moonsWithRuns(const QByteArray& runs)
{
    return R"({"format": "bitlab.experiment", "version": 1,
 "dataset": {"source": "builtin:moons"}, "model": {"kind": "mlp", "hidden": [8]},
 "loss": "bce", "runs": [)"
        + runs + "]}";
}

inline QString experimentProblems(const QByteArray& json)
{
    return errorOf([&] { bitlab::io::parseExperiment(json, "/tmp", {}, "exp.json"); });
}

} // namespace bitlab::test
