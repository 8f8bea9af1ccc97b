#pragma once
// sweep.json (docs/formats.md, "sweep.json"): what a sweep (or one shard of it) was and
// what it gave, exactly, so that `bitlab-cli merge` can join shards into the sweep.csv the
// unsharded sweep writes, byte for byte. Also the SpecEditor that applies swept keys to an
// experiment the way --set does.
//
//   {"format": "bitlab.sweep", "version": 1,
//    "sweep": {"experiment": {...resolved, paths relative to the folder...},
//              "axes": [{"key": K, "values": [V, ...]}], "schemes": [...], "bits": [...],
//              "seeds": K, "points": P, "units": U},
//    "shard": {"index": k, "count": n},
//    "results": [{"unit": u, "point": p, "seed_index": i, "seed": "S", "values": [...],
//                 "runs": [{"run": r, "name", "scheme", "bits", "status", "trained",
//                           "train_loss", "test_loss", "accuracy", "problem"}]}]}
//
// "sweep" is the same for every shard of one sweep; "results" holds this output's units
// (trained or not), ascending. Numbers are shortest round-trip text (exact); null where a
// value does not exist; seeds are strings (64-bit). Written atomically.

#include "core/engine/sweep.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <vector>

namespace bitlab::io {

inline constexpr int kSweepVersion = 1;

// The file for a sweep's (or shard's) results; the experiment paths relative to `folder`.
QByteArray sweepJson(
    const Sweep& sweep, const std::vector<SweepResult>& results, const QString& folder);

struct SweepOutput {
    QString path; // the sweep.json read
    QJsonObject sweep; // its "sweep" object (what must match across shards)
    SweepPlan plan; // axes, schemes, bits, seeds, shard
    int points = 0;
    int units = 0;
    std::vector<SweepResult> results;
};

// Reads and validates a sweep.json; throws Error naming the file and the key.
SweepOutput readSweepJson(const QString& path);

// Joins the outputs of one sweep's shards (any order) into the whole sweep's output.
// Throws Error when they are not from one sweep (naming what differs), or when a unit is
// missing (naming it and the shard that holds it) or present twice (naming both files).
SweepOutput mergeSweeps(const std::vector<SweepOutput>& parts);

// sweep.json text for merged (or read) output, as sweepJson writes it.
QByteArray sweepJson(const SweepOutput& output);

// Applies swept keys as --set does, to the experiment document `root` (the file as read,
// with the command line's --set already applied): each point's experiment is exactly
// what `bitlab-cli run` reads with those --set values. Messages name `source`.
SpecEditor specEditor(const QJsonObject& root, const QString& baseDir, const QString& source);

} // namespace bitlab::io
