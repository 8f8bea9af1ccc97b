#pragma once
// sensitivity.csv (docs/formats.md, "sensitivity.csv"): the table of
// core/engine/sensitivity.h, written by `bitlab-cli sensitivity` and exported by the GUI's
// Sensitivity tab through this one function.
//
// Columns: tensor,bits,scheme,train_loss,test_loss,loss_increase. One row per quantized
// tensor (model order) and bit-width (ascending); numbers in shortest round-trip form;
// test_loss empty without a test set. RFC 4180, LF line ends, a header row.

#include "core/engine/sensitivity.h"

#include <QByteArray>

namespace bitlab::io {

QByteArray sensitivityCsv(const SensitivityTable& table);

} // namespace bitlab::io
