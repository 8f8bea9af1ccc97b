#pragma once
// The experiment file ("format": "bitlab.experiment", "version": 1; DESIGN §3 and
// docs/formats.md): reading with full validation, --set overrides, and writing.
//
// Reading reports EVERY problem at once, one per line of the Error's message, each naming
// its key path and what is allowed:
//   exp.json: optimizer.lr must be a number > 0, got -1
//   exp.json: training.epochs must be an integer, got 1.5
//   exp.json: unknown key optimizer.lrr (did you mean 'lr'?)
// Parse errors give line:column. A missing or newer `version` and a wrong `format` are
// refused. Never a silent default for a value the user wrote; omitted keys get the
// documented defaults (optimizer values: the kind's PyTorch defaults from the optimizer
// registry; quantizer values: the scheme's defaults from the quantizer registry; loss: the
// model kind's first loss). Duplicate keys: the last one wins (as in QJsonDocument).
// Files larger than kMaxExperimentBytes, holding more than kMaxExperimentValues values or
// nested deeper than kMaxJsonDepth are refused.

#include "core/engine/experiment_spec.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace bitlab::io {

inline constexpr qint64 kMaxExperimentBytes = 16 * 1024 * 1024;
inline constexpr qint64 kMaxExperimentValues = 100'000; // JSON values in one file
inline constexpr int kExperimentVersion = 1;

// Reads and validates the file at path, applying each "KEY=VALUE" of sets (see applySet)
// before validation. Relative paths inside resolve against the file's folder (baseDir).
// Throws bitlab::Error listing every problem.
ExperimentSpec readExperiment(const QString& path, const QStringList& sets = {});

// The same from bytes; fileNameForMessages prefixes every message line (default
// "experiment").
ExperimentSpec parseExperiment(const QByteArray& json, const QString& baseDir,
    const QStringList& sets = {}, const QString& fileNameForMessages = {});

// Validates an already parsed document (the GUI and --set work on QJsonObject).
ExperimentSpec experimentFromJson(
    const QJsonObject& root, const QString& baseDir, const QString& fileNameForMessages = {});

// The document for spec with every key written (the defaults filled in): what the GUI
// saves and what bitlab-cli writes as the resolved experiment.json. Optional values that
// are unset (training.record_every / eval_every before resolveDefaults(), generator
// parameters a builtin does not use) are omitted. When relativeTo is not empty, a CSV
// source and an init weights path are rewritten relative to that folder (resolved from
// spec.baseDir first), so the saved file still finds them.
QJsonObject experimentToJson(const ExperimentSpec& spec, const QString& relativeTo = {});

// experimentToJson as file text (keys in DESIGN order, shortest round-trip numbers).
QByteArray experimentToBytes(const ExperimentSpec& spec, const QString& relativeTo = {});

// Saves spec atomically to path, with paths relative to the file's folder.
void writeExperiment(const QString& path, const ExperimentSpec& spec);

// Applies one --set override "KEY=VALUE" to root. KEY is a dotted path whose numeric
// segments index arrays (runs.1.quantizer.bits=4, model.hidden.0=32); missing objects on
// the way are created; an index one past the end appends (runs.2.name=new). VALUE is
// parsed as a JSON literal when it is one (4, 0.5, true, null, "text", [16, 8], {...}),
// else taken as a string (adam). Throws Error naming the path when it is not a key of the
// experiment format (with a "did you mean" suggestion), goes through a value that is not
// an object or array, or has no '='.
void applySet(QJsonObject& root, const QString& keyEqualsValue);

} // namespace bitlab::io
