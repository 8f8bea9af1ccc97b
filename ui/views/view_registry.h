#pragma once
// The tabs of the main window, in order: each view's key (`bitlab --view KEY`, lessons'
// "view", the F1 help) and how to make it. The one list of view keys: ViewTabs builds its
// tabs from it and `bitlab --help` names them from it.

#include <QString>
#include <QStringList>
#include <vector>

namespace bitlab::ui {

class ExperimentView;

struct ViewKind {
    const char* key; // stable, untranslated: "loss", "fit", ...
    ExperimentView* (*make)();
};

const std::vector<ViewKind>& viewRegistry();
// The keys, in tab order.
QStringList viewRegistryKeys();
// A new view of that kind, its key() set.
ExperimentView* makeView(const ViewKind& kind);

} // namespace bitlab::ui
