#pragma once
// The shape of the experiment file (docs/formats.md) as the reader, the writer and --set
// need it: the keys of every object, the order they are written in, which keys hold text
// or arrays, and the helpers their messages share. The keys of the settings come from the
// registries' field tables (optimizerFields(), quantizerFields(), trainingFields(), ...),
// so a field added there is a key of the file. Internal to core/io.

#include "core/common/field.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

namespace bitlab::io::schema {

// "bitlab.experiment"
QString format();
// Keys of the object at a path pattern ("", "dataset", "optimizer.schedule", "runs.#",
// "runs.#.quantizer"; "#" stands for an array index), or nullptr for a value.
const QStringList* keysOf(const QString& pattern);
// Every key in the order the writer puts them (DESIGN §3's order).
const QStringList& keyOrder();
// True for the patterns whose value is an array (runs, model.hidden, optimizer.betas).
bool isArrayPattern(const QString& pattern);
// Keys whose value is text: --set takes VALUE verbatim for them.
bool isTextKey(const QString& key);

// " (did you mean 'lr'?)" or "".
QString suggestion(const QString& word, const QStringList& candidates);
// "path.key", or "key" at the root.
QString join(const QString& path, const QString& key);
QStringList toQStringList(const std::vector<std::string>& names);
// How a value appears in a message: -1, 1.5, "abc", true, null, an array, an object.
QString shown(const QJsonValue& v);
QString numberText(double x);
QString rangeText(const Range& range);
// The key of a field in its object: "betas" for "betas.0" (the array's elements).
QString topKey(const std::string& key);

} // namespace bitlab::io::schema
