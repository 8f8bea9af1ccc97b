#pragma once
// Observer: how the engine reports progress. Runs train on worker threads, so every hook
// may be called concurrently from different runs' threads; an observer must be
// thread-safe and must not block (queue the data and return).

#include "core/engine/record.h"

namespace bitlab {

class Observer {
public:
    virtual ~Observer() = default;
    virtual void onRecord(const Record& /*record*/) { }
    // The run ended: finished, diverged, stopped or failed (summary.status says which).
    virtual void onRunFinished(const RunSummary& /*summary*/) { }
};

} // namespace bitlab
