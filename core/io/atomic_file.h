#pragma once
// Atomic file writes and size-limited reads: every file BitLab saves goes through
// writeFileAtomically, every file it parses through readFileLimited.
//
// writeFileAtomically writes to a temporary file beside the target (QSaveFile) and renames
// it over the target only when every byte was written and flushed. On any failure (missing
// folder, a directory in the way, no permission, disk full, file size limit) the old file
// is left byte-identical, the temporary file is removed, and an Error names the path and
// the reason. A process killed mid-save leaves the old file intact (the rename is atomic);
// only then can a stray "<name>.XXXXXX" temporary remain.

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <functional>

namespace bitlab::io {

// Throws bitlab::Error("cannot save '<path>': <reason>") on failure.
void writeFileAtomically(const QString& path, const QByteArray& data);

// The same for a file written in pieces (a large metrics.csv streamed from a spool):
// `write` writes the whole content to the device it is given, best with writeAll(). When
// it throws, the save is abandoned as above and the Error becomes "cannot save '<path>':
// <what it said>".
void writeFileAtomically(const QString& path, const std::function<void(QIODevice&)>& write);

// Writes all `size` bytes to `device`; throws Error with the device's reason (only the
// reason: writeFileAtomically adds the path) when a write fails.
void writeAll(QIODevice& device, const char* data, qint64 size);

// Creates `dir` and its parents if missing; throws Error naming the path and the reason.
void ensureDirectory(const QString& dir);

// Reads a whole file, refusing (before reading) a file larger than maxBytes. `what` names
// the kind of file in messages ("experiment file", "weights file"). Throws Error naming the
// path when it is missing, a directory, unreadable or too large.
QByteArray readFileLimited(const QString& path, qint64 maxBytes, const QString& what);

} // namespace bitlab::io
